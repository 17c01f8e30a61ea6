//! Pure logic of billing-testkit: card catalog, webhook signing, clock arithmetic and
//! subscriber merging. No web dependencies, so everything here tests natively.

pub mod catalog;
