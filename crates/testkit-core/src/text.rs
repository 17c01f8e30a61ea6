//! The one convention for an enum's text form (in URLs, APIs, data attributes and
//! Stripe's own values): `as_str` and `FromStr`, declared together by [`text_enum!`](crate::text_enum) so
//! the two directions can never disagree.

use std::fmt;

/// A text that names no variant of an enum: says which enum and which values exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownText {
    /// The enum that was asked for, e.g. `Interval`.
    pub what: &'static str,
    /// The text that matched none of its variants.
    pub given: String,
    /// Every accepted text.
    pub expected: &'static [&'static str],
}

impl fmt::Display for UnknownText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" is not a {}; use one of: {}",
            self.given,
            self.what,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownText {}

/// Counts macro repetitions in a const context.
#[doc(hidden)]
pub const fn one(_: &str) -> usize {
    1
}

/// Declares a fieldless enum whose variants each have a fixed text form, with `ALL`,
/// `as_str`, `FromStr` (erring with [`UnknownText`]), `Display`, and serde as its text form.
///
/// ```
/// testkit_core::text_enum! {
///     /// A traffic light.
///     pub enum Light { Red = "red", Green = "green" }
/// }
/// assert_eq!(Light::Green.as_str(), "green");
/// assert_eq!("red".parse::<Light>(), Ok(Light::Red));
/// assert!("blue".parse::<Light>().unwrap_err().to_string().contains("red, green"));
/// assert_eq!(Light::ALL.len(), 2);
/// assert_eq!(serde_json::to_string(&Light::Red).unwrap(), "\"red\"");
/// assert!(serde_json::from_str::<Light>("\"blue\"").is_err());
/// ```
#[macro_export]
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [$name; 0 $(+ $crate::text::one(stringify!($variant)))+] =
                [$($name::$variant),+];
            /// Every variant's text form, in declaration order.
            pub const TEXTS: &'static [&'static str] = &[$($text),+];

            /// The text form of this variant.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::text::UnknownText;

            fn from_str(text: &str) -> ::core::result::Result<$name, $crate::text::UnknownText> {
                match text {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::text::UnknownText {
                        what: stringify!($name),
                        given: text.to_string(),
                        expected: $name::TEXTS,
                    }),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<$name, D::Error> {
                let text = <::std::borrow::Cow<'de, str>>::deserialize(d)?;
                text.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    text_enum! {
        /// For the tests.
        #[derive(PartialOrd, Ord)]
        enum Sample { First = "first", Second = "second-one" }
    }

    #[test]
    fn every_variant_round_trips() {
        for v in Sample::ALL {
            assert_eq!(v.as_str().parse::<Sample>(), Ok(v));
            assert_eq!(v.to_string(), v.as_str());
        }
        assert!(Sample::First < Sample::Second);
        let err = "third".parse::<Sample>().unwrap_err();
        assert_eq!(err.what, "Sample");
        assert_eq!(
            err.to_string(),
            "\"third\" is not a Sample; use one of: first, second-one"
        );
    }
}
