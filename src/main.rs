//! The whole app in one bundle (`trunk serve`, `trunk build`): see [`billing_testkit::whole_app`].

fn main() {
    #[cfg(target_arch = "wasm32")]
    billing_testkit::whole_app::start();
}
