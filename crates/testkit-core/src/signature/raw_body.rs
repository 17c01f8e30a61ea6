//! The most common cause of a mismatch that no variant explains, and how to avoid it in
//! the frameworks receivers are most often written in: verify the raw request bytes. The
//! page shows these when its search finds nothing specific; docs/surfaces/signer.md lists
//! the same recipes.

/// Said when no signature matches and no specific cause was found.
pub const MOST_COMMON_CAUSE: &str = "No specific cause was found. The most common one: the \
     receiver parsed the JSON and serialised it again before verifying, which changes key \
     order and spacing (and can change escapes and numbers), so the signature no longer \
     matches. Stripe signs the exact bytes it sends: check the signature over the raw \
     request body, before any JSON parsing, and parse only once it verifies.";

/// How one framework hands a receiver the raw request body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawBodyRecipe {
    /// The framework (and language).
    pub framework: &'static str,
    /// The code that gets the raw bytes.
    pub code: &'static str,
    /// What to avoid, or where the catch is.
    pub note: &'static str,
}

/// Raw-body recipes for the frameworks receivers are most likely written in.
pub const RAW_BODY_RECIPES: &[RawBodyRecipe] = &[
    RawBodyRecipe {
        framework: "Express (Node.js)",
        code: "app.post('/webhook', express.raw({ type: 'application/json' }), handler) // req.body is a Buffer",
        note: "Register it before app.use(express.json()), which would parse the body first.",
    },
    RawBodyRecipe {
        framework: "Next.js route handler",
        code: "const payload = await req.text();",
        note: "Not await req.json(). In the pages router, turn bodyParser off and read the stream.",
    },
    RawBodyRecipe {
        framework: "Flask (Python)",
        code: "payload = request.get_data()",
        note: "Not request.json or request.get_json().",
    },
    RawBodyRecipe {
        framework: "Django (Python)",
        code: "payload = request.body",
        note: "Bytes as received; not json.dumps(json.loads(request.body)).",
    },
    RawBodyRecipe {
        framework: "FastAPI / Starlette (Python)",
        code: "payload = await request.body()",
        note: "Not a Pydantic model parameter or await request.json().",
    },
    RawBodyRecipe {
        framework: "Rails (Ruby)",
        code: "payload = request.raw_post # or request.body.read",
        note: "Not params or JSON.parse(...).to_json.",
    },
    RawBodyRecipe {
        framework: "Go net/http",
        code: "payload, err := io.ReadAll(r.Body)",
        note: "Not json.NewDecoder(r.Body).Decode then json.Marshal.",
    },
    RawBodyRecipe {
        framework: "axum (Rust)",
        code: "async fn webhook(headers: HeaderMap, body: Bytes)",
        note: "The Bytes extractor, not Json<T>.",
    },
    RawBodyRecipe {
        framework: "Spring (Java)",
        code: "@RequestBody String payload",
        note: "A String, not a mapped object.",
    },
    RawBodyRecipe {
        framework: "ASP.NET Core (C#)",
        code: "var payload = await new StreamReader(Request.Body).ReadToEndAsync();",
        note: "Not a [FromBody] model.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_cause_and_a_recipe_per_framework() {
        assert!(MOST_COMMON_CAUSE.contains("raw request body"));
        assert!(RAW_BODY_RECIPES.len() >= 8);
        for recipe in RAW_BODY_RECIPES {
            assert!(
                !recipe.code.is_empty() && recipe.note.ends_with('.'),
                "{recipe:?}"
            );
        }
        let code = |name: &str| {
            RAW_BODY_RECIPES
                .iter()
                .find(|r| r.framework.starts_with(name))
                .map(|r| r.code)
                .unwrap_or_default()
        };
        assert!(code("Express").contains("express.raw({ type: 'application/json' })"));
        assert!(code("Flask").contains("request.get_data()"));
        assert!(code("Go").contains("io.ReadAll(r.Body)"));
    }
}
