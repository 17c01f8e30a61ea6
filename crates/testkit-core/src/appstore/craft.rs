//! Crafting.
