//! The editor's forms as HTML: plain forms that work without JavaScript, with labels, hints
//! and, after a refused save, a GOV.UK-style error summary linking to each field and the
//! message beside the field. Everything shown is escaped.

use crate::text::escape::xml as esc;

/// How a field is entered.
#[derive(Debug, Clone)]
pub enum Control {
    Line,
    /// A text area of this many rows.
    Area(u8),
    /// (value, label); the first is chosen when the value matches none.
    Select(Vec<(String, String)>),
}

/// One field of a form.
#[derive(Debug, Clone)]
pub struct Input {
    /// The form field's name (also its id, prefixed `f-`).
    pub name: String,
    pub label: String,
    pub hint: String,
    pub control: Control,
    pub value: String,
    /// An error shown beside the field.
    pub error: Option<String>,
}

impl Input {
    pub fn new(
        name: &str,
        label: impl Into<String>,
        hint: impl Into<String>,
        control: Control,
    ) -> Input {
        Input {
            name: name.into(),
            label: label.into(),
            hint: hint.into(),
            control,
            value: String::new(),
            error: None,
        }
    }

    pub fn value(mut self, v: impl Into<String>) -> Input {
        self.value = v.into();
        self
    }
}

/// A whole form.
pub struct Form<'a> {
    pub heading: &'a str,
    /// The line above the heading ("Recommendation 3: …").
    pub caption: &'a str,
    pub intro: &'a str,
    /// Where "Back" and "Cancel" go.
    pub back: &'a str,
    pub back_label: &'a str,
    pub token: &'a str,
    /// The fingerprint of the file as shown, when one is edited.
    pub fingerprint: Option<&'a str>,
    pub inputs: Vec<Input>,
    /// Errors that belong to no one field.
    pub general: Vec<String>,
    pub submit: &'a str,
}

/// The form's markup, to go inside the page's `<main>`.
pub fn render(f: &Form) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str(&format!(
        "<div class=\"scrutiny-editor\"><p><a class=\"scrutiny-back\" href=\"{}\">{}</a></p>",
        esc(f.back),
        esc(f.back_label)
    ));
    let field_errors: Vec<&Input> = f.inputs.iter().filter(|i| i.error.is_some()).collect();
    if !field_errors.is_empty() || !f.general.is_empty() {
        out.push_str("<div class=\"scrutiny-error-summary\" role=\"alert\" tabindex=\"-1\" aria-labelledby=\"error-summary-title\" data-scrutiny-errors><h2 id=\"error-summary-title\">There is a problem</h2><ul>");
        for g in &f.general {
            out.push_str(&format!("<li>{}</li>", esc(g)));
        }
        for i in &field_errors {
            out.push_str(&format!(
                "<li><a href=\"#f-{}\">{}</a></li>",
                esc(&i.name),
                esc(i.error.as_deref().unwrap_or(""))
            ));
        }
        out.push_str("</ul></div>");
    }
    out.push_str(&format!(
        "<h1><span class=\"scrutiny-caption\">{}</span> {}</h1>",
        esc(f.caption),
        esc(f.heading)
    ));
    if !f.intro.is_empty() {
        out.push_str(&format!("<p>{}</p>", esc(f.intro)));
    }
    out.push_str("<form method=\"post\" novalidate accept-charset=\"utf-8\">");
    out.push_str(&format!(
        "<input type=\"hidden\" name=\"token\" value=\"{}\">",
        esc(f.token)
    ));
    if let Some(fp) = f.fingerprint {
        out.push_str(&format!(
            "<input type=\"hidden\" name=\"fingerprint\" value=\"{}\">",
            esc(fp)
        ));
    }
    for i in &f.inputs {
        input(&mut out, i);
    }
    out.push_str(&format!(
        "<div class=\"scrutiny-actions\"><button type=\"submit\">{}</button> <a href=\"{}\">Cancel</a></div></form></div>",
        esc(f.submit),
        esc(f.back)
    ));
    out
}

fn input(out: &mut String, i: &Input) {
    let id = format!("f-{}", i.name);
    let mut described = Vec::new();
    let class = if i.error.is_some() {
        "scrutiny-field scrutiny-field-error"
    } else {
        "scrutiny-field"
    };
    out.push_str(&format!(
        "<div class=\"{class}\"><label for=\"{}\">{}</label>",
        esc(&id),
        esc(&i.label)
    ));
    if !i.hint.is_empty() {
        out.push_str(&format!(
            "<p class=\"scrutiny-hint\" id=\"{}-hint\">{}</p>",
            esc(&id),
            esc(&i.hint)
        ));
        described.push(format!("{id}-hint"));
    }
    if let Some(e) = &i.error {
        out.push_str(&format!(
            "<p class=\"scrutiny-error\" id=\"{}-error\"><span class=\"visually-hidden\">Error:</span> {}</p>",
            esc(&id),
            esc(e)
        ));
        described.push(format!("{id}-error"));
    }
    let aria = if described.is_empty() {
        String::new()
    } else {
        format!(" aria-describedby=\"{}\"", esc(&described.join(" ")))
    };
    let invalid = if i.error.is_some() {
        " aria-invalid=\"true\""
    } else {
        ""
    };
    match &i.control {
        Control::Line => out.push_str(&format!(
            "<input type=\"text\" id=\"{}\" name=\"{}\" value=\"{}\"{aria}{invalid}>",
            esc(&id),
            esc(&i.name),
            esc(&i.value)
        )),
        Control::Area(rows) => out.push_str(&format!(
            "<textarea id=\"{}\" name=\"{}\" rows=\"{rows}\"{aria}{invalid}>{}</textarea>",
            esc(&id),
            esc(&i.name),
            // A leading line break would be eaten by the HTML parser.
            if i.value.starts_with('\n') {
                format!("\n{}", esc(&i.value))
            } else {
                esc(&i.value)
            }
        )),
        Control::Select(options) => {
            out.push_str(&format!(
                "<select id=\"{}\" name=\"{}\"{aria}{invalid}>",
                esc(&id),
                esc(&i.name)
            ));
            for (v, l) in options {
                let sel = if *v == i.value { " selected" } else { "" };
                out.push_str(&format!(
                    "<option value=\"{}\"{sel}>{}</option>",
                    esc(v),
                    esc(l)
                ));
            }
            out.push_str("</select>");
        }
    }
    out.push_str("</div>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_summarised_linked_and_described() {
        let mut note = Input::new(
            "note",
            "What has happened",
            "Say it plainly",
            Control::Area(5),
        )
        .value("<b>x</b>");
        note.error = Some("the note is empty".into());
        let html = render(&Form {
            heading: "Add a progress update",
            caption: "Recommendation 3",
            intro: "",
            back: "/r/3/",
            back_label: "Back",
            token: "tok",
            fingerprint: Some("1-ab"),
            inputs: vec![note],
            general: vec![],
            submit: "Save",
        });
        assert!(html.contains("<a href=\"#f-note\">the note is empty</a>"));
        assert!(html.contains("aria-describedby=\"f-note-hint f-note-error\""));
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;</textarea>"));
        assert!(html.contains("name=\"fingerprint\" value=\"1-ab\""));
    }
}
