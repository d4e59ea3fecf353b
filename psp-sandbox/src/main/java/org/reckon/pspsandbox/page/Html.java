package org.reckon.pspsandbox.page;

import org.reckon.pspsandbox.domain.TestCard;

/** The little HTML the pages share: escaping, the page frame, the test-card table. */
final class Html {

    private Html() {
    }

    /** Escapes text for element content and quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="UTF-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>
                  body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
                  .sandbox { background: #fff3cd; border: 1px solid #e0c36c; padding: .5rem .75rem; border-radius: 4px; }
                  .error { background: #fde2e1; border: 1px solid #e7a19c; padding: .5rem .75rem; border-radius: 4px; }
                  label { display: block; margin-top: .75rem; }
                  input { font-size: 1rem; padding: .3rem; width: 100%%; box-sizing: border-box; }
                  button { margin-top: 1rem; font-size: 1rem; padding: .5rem 1.5rem; }
                  table { border-collapse: collapse; margin: .5rem 0; }
                  td, th { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
                  code { background: #f4f4f4; padding: 0 .2rem; }
                </style>
                </head>
                <body>
                <p class="sandbox">PSP <strong>sandbox</strong>: no real card is charged. Never enter a real card number here.</p>
                %s
                </body>
                </html>
                """.formatted(escape(title), body);
    }

    static String testCardTable() {
        StringBuilder rows = new StringBuilder();
        for (TestCard card : TestCard.values()) {
            rows.append("<tr><td><code>").append(card.number()).append("</code></td><td>")
                    .append(escape(card.description())).append("</td></tr>\n");
        }
        return "<table><tr><th>Card number</th><th>Outcome</th></tr>\n" + rows
                + "<tr><td>any other 16 digits</td><td>failed, failure_reason card_declined</td></tr></table>\n"
                + "<p>Any holder name, any future expiry (MM/YY), any 3-digit CVV.</p>\n";
    }
}
