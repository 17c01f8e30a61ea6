//! The contract's row types as database rows: each type's table and columns are named once,
//! in [`table_row!`], which also reads a row by those column names.

use super::{Project, Result, Row};
use testkit_core::contract::{Customer, Invoice, MirrorSubscription, Subscription};

/// A row type the list endpoints page through.
pub trait TableRow: Sized + serde::Serialize + Send + 'static {
    /// Whose database holds it.
    const PROJECT: Project;
    /// The table it lives in.
    const TABLE: &'static str;
    /// Its columns, in the contract's field order.
    const COLUMNS: &'static [&'static str];
    /// Reads one row selected with [`Self::COLUMNS`].
    fn read(row: &Row) -> Result<Self>;
}

/// `table_row!(Type in Project "table" { field, ... })`: the fields are the column names.
macro_rules! table_row {
    ($ty:ident in $project:ident $table:literal { $($field:ident),+ $(,)? }) => {
        impl TableRow for $ty {
            const PROJECT: Project = Project::$project;
            const TABLE: &'static str = $table;
            const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),+];

            fn read(row: &Row) -> Result<Self> {
                Ok($ty { $($field: row.get(stringify!($field))?),+ })
            }
        }
    };
}

table_row!(Customer in Queue "billing_customer" {
    id, stripe_customer_id, user_id, billing_email, name, livemode, created_at,
});

table_row!(Subscription in Queue "billing_subscription" {
    id, stripe_subscription_id, customer_id, plan_tier, status, cancel_at_period_end,
    current_period_end, trial_end, created_at, updated_at,
});

table_row!(Invoice in Queue "billing_invoice" {
    id, stripe_invoice_id, customer_id, subscription_id, status, amount_due, currency,
    paid_at, created_at,
});

table_row!(MirrorSubscription in Raptor "billing_subscription_mirror" {
    id, subscription_source, user_id, original_transaction_id, queue_customer_id,
    queue_subscription_id, product_id, plan_tier, status, auto_renew, current_period_end, environment, updated_at,
});
