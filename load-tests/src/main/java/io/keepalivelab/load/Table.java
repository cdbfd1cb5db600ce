package io.keepalivelab.load;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A titled table with footnotes, rendered the same way to Markdown and to HTML. */
record Table(String title, List<String> header, List<List<String>> rows, List<String> notes) {

	/** Appended to a cell whose figure disagrees with what was expected; such cells stand out in HTML. */
	static final String WARNING = " (!)";

	String toMarkdown() {
		StringBuilder out = new StringBuilder("### ").append(this.title).append("\n\n");
		out.append(markdownRow(this.header));
		out.append(markdownRow(this.header.stream().map((cell) -> "---").toList()));
		this.rows.forEach((row) -> out.append(markdownRow(row)));
		this.notes.forEach((note) -> out.append('\n').append(note).append('\n'));
		return out.toString();
	}

	String toHtml() {
		StringBuilder out = new StringBuilder("<h2>").append(escapeHtml(this.title)).append("</h2>\n<table>\n");
		out.append(htmlRow("th", this.header));
		this.rows.forEach((row) -> out.append(htmlRow("td", row)));
		out.append("</table>\n");
		// Explanations on demand: folded under the table, open with a click, no script.
		if (!this.notes.isEmpty()) {
			out.append("<details class=\"notes\"><summary>About this table</summary>\n");
			this.notes.forEach((note) -> out.append("<p class=\"note\">").append(escapeHtml(note)).append("</p>\n"));
			out.append("</details>\n");
		}
		return out.toString();
	}

	private static String markdownRow(List<String> cells) {
		return cells.stream().map((cell) -> cell.replace("|", "\\|")).collect(Collectors.joining(" | ", "| ", " |\n"));
	}

	private static String htmlRow(String tag, List<String> cells) {
		return cells.stream()
			.map((cell) -> "<" + tag + (cell.endsWith(WARNING) ? " class=\"warning\"" : "") + ">" + escapeHtml(cell)
					+ "</" + tag + ">")
			.collect(Collectors.joining("", "<tr>", "</tr>\n"));
	}

	static String escapeHtml(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	/** A figure of a cell or a note, the same whatever the machine's locale. */
	static String format(String pattern, Object... args) {
		return String.format(Locale.ROOT, pattern, args);
	}

}
