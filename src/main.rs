//! The binary trunk builds: mounts the testkit wherever the page asks for it.

fn main() {
    billing_testkit::mount::start();
}
