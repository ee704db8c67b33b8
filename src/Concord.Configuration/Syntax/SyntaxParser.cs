namespace Concord.Configuration.Syntax;

/// <summary>
/// Reads corosync.conf text into a tree of sections and entries. Line-oriented like corosync's
/// own parser: each line is blank, a <c>#</c> comment, <c>name {</c>, <c>}</c> or <c>key: value</c>.
/// Concord additionally accepts double- or single-quoted values and a trailing <c> # comment</c>
/// after an unquoted value. Never throws: every problem becomes an error diagnostic.
/// </summary>
internal static class SyntaxParser
{
    private const int NestingDepthMax = 16;

    public static SyntaxSection Parse(string text, string file, List<Diagnostic> diagnostics)
    {
        var root = new SyntaxSection(string.Empty, 1, 1);
        var open = new Stack<SyntaxSection>();
        open.Push(root);
        int lineNumber = 0;
        foreach (string rawLine in SplitLines(text))
        {
            lineNumber++;
            ParseLine(rawLine, lineNumber, file, open, diagnostics);
        }

        while (open.Count > 1)
        {
            SyntaxSection unclosed = open.Pop();
            diagnostics.Add(new Diagnostic(
                DiagnosticSeverity.Error, file, unclosed.Line, unclosed.Column,
                $"section '{unclosed.Name}' is never closed: expected '}}' before the end of the file"));
        }

        return root;
    }

    private static IEnumerable<string> SplitLines(string text)
    {
        int start = 0;
        while (start <= text.Length)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0)
            {
                if (start < text.Length) yield return text[start..].TrimEnd('\r');
                yield break;
            }

            yield return text[start..end].TrimEnd('\r');
            start = end + 1;
        }
    }

    private static void ParseLine(string line, int lineNumber, string file, Stack<SyntaxSection> open, List<Diagnostic> diagnostics)
    {
        int first = SkipSpace(line, 0);
        if (first >= line.Length || line[first] == '#') return;

        void Error(int index, string message) =>
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, file, lineNumber, index + 1, message));

        if (line[first] == '}')
        {
            if (!RestIsEmpty(line, first + 1, out int extra))
            {
                Error(extra, "unexpected text after '}': put each key and each brace on its own line");
                // fall through: still close the section so one typo does not cascade
            }

            if (open.Count == 1)
            {
                Error(first, "unexpected '}': no section is open here (too many closing braces)");
                return;
            }

            open.Pop();
            return;
        }

        int nameEnd = first;
        while (nameEnd < line.Length && IsNameChar(line[nameEnd])) nameEnd++;
        string name = line[first..nameEnd];
        int afterName = SkipSpace(line, nameEnd);
        char next = afterName < line.Length ? line[afterName] : '\0';

        if (next == '{')
        {
            if (name.Length == 0)
            {
                Error(first, "expected a section name before '{' (for example 'totem {')");
                return;
            }

            if (!RestIsEmpty(line, afterName + 1, out int extra))
            {
                Error(extra, $"unexpected text after '{name} {{': put each key and each brace on its own line");
            }

            if (open.Count > NestingDepthMax)
            {
                Error(first, $"sections are nested more than {NestingDepthMax} deep");
                return;
            }

            var section = new SyntaxSection(name, lineNumber, first + 1);
            open.Peek().Items.Add(section);
            open.Push(section);
            return;
        }

        if (next == ':')
        {
            if (name.Length == 0)
            {
                Error(first, "expected a key name before ':' (for example 'token: 3000')");
                return;
            }

            ParseValue(line, afterName + 1, lineNumber, first, name, open.Peek(), Error);
            return;
        }

        if (name.Length == 0)
        {
            Error(first, $"unexpected character '{line[first]}': expected 'key: value', 'section {{' or '}}'");
        }
        else if (next == '=')
        {
            Error(afterName, $"expected ':' after '{name}' (corosync.conf uses 'key: value', not 'key = value')");
        }
        else if (next == '\0')
        {
            Error(first, $"'{name}' is neither 'key: value' nor 'section {{': expected ':' or '{{' after it");
        }
        else
        {
            Error(afterName, $"unexpected '{next}' after '{name}': expected ':' or '{{'");
        }
    }

    private static void ParseValue(
        string line, int afterColon, int lineNumber, int keyIndex, string key, SyntaxSection parent, Action<int, string> error)
    {
        int valueStart = SkipSpace(line, afterColon);
        string value;
        bool quoted = false;
        if (valueStart < line.Length && (line[valueStart] == '"' || line[valueStart] == '\''))
        {
            char quote = line[valueStart];
            var builder = new System.Text.StringBuilder();
            int i = valueStart + 1;
            bool closed = false;
            for (; i < line.Length; i++)
            {
                char c = line[i];
                if (c == '\\' && i + 1 < line.Length && (line[i + 1] == quote || line[i + 1] == '\\'))
                {
                    builder.Append(line[++i]);
                }
                else if (c == quote)
                {
                    closed = true;
                    break;
                }
                else
                {
                    builder.Append(c);
                }
            }

            if (!closed)
            {
                error(valueStart, $"unterminated quoted value for '{key}': expected a closing {quote} on the same line");
                return;
            }

            if (!RestIsEmpty(line, i + 1, out int extra))
            {
                error(extra, $"unexpected text after the quoted value of '{key}'");
                return;
            }

            value = builder.ToString();
            quoted = true;
        }
        else
        {
            int end = line.Length;
            for (int i = valueStart; i < line.Length; i++)
            {
                if (line[i] == '#' && i > valueStart && (line[i - 1] == ' ' || line[i - 1] == '\t'))
                {
                    end = i;
                    break;
                }
            }

            value = line[valueStart..end].TrimEnd(' ', '\t');
        }

        parent.Items.Add(new SyntaxEntry(key, value, quoted, lineNumber, keyIndex + 1, valueStart + 1));
    }

    /// <summary>True when only blanks or a comment follow <paramref name="index"/>; else the first stray character.</summary>
    private static bool RestIsEmpty(string line, int index, out int extra)
    {
        extra = SkipSpace(line, index);
        return extra >= line.Length || line[extra] == '#';
    }

    private static int SkipSpace(string line, int index)
    {
        while (index < line.Length && (line[index] == ' ' || line[index] == '\t')) index++;
        return index;
    }

    private static bool IsNameChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' or '.';
}
