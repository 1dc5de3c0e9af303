using System.Text;

namespace PacketGuide.Dhcp.Config;

/// <summary>
/// Kea's extensions to JSON, undone before a strict JSON parser sees the text: comments (<c>#</c>, <c>//</c>, <c>/* */</c>)
/// become spaces, and <c>&lt;?include "path"?&gt;</c> is replaced by the named file (relative to the including file).
/// Every output line remembers which file, line and column it came from, so JSON errors name the real place.
/// </summary>
internal sealed class KeaConfigText
{
    private readonly StringBuilder _out = new();
    private readonly List<Origin> _lines = [];
    private readonly ConfigText _files;
    private readonly Action<ConfigLocation, string> _warn;

    private KeaConfigText(Action<ConfigLocation, string> warn, CancellationToken cancellationToken)
    {
        _warn = warn;
        _files = new ConfigText(cancellationToken);
    }

    /// <summary>Where each output line starts: file, 1-based line, and the 0-based column it starts at in that line.</summary>
    private readonly record struct Origin(string File, int Line, int Column);

    public string Text => _out.ToString();

    public IReadOnlyList<string> Files => _files.Files;

    public static KeaConfigText Load(string path, Action<ConfigLocation, string> warn, CancellationToken cancellationToken)
    {
        var text = new KeaConfigText(warn, cancellationToken);
        text._lines.Add(new Origin(path, 1, 0));
        text.Append(path, null);
        return text;
    }

    /// <summary>Maps a 0-based line and byte offset of the combined text back to file:line:column.</summary>
    public ConfigLocation Locate(long line, long bytePosition)
    {
        if (line < 0 || line >= _lines.Count)
        {
            return new ConfigLocation(_lines[0].File, 0, 0);
        }

        var origin = _lines[(int)line];
        return new ConfigLocation(origin.File, origin.Line, origin.Column + (int)Math.Min(bytePosition, int.MaxValue - 1000) + 1);
    }

    private void Append(string path, ConfigLocation? includedFrom)
    {
        var text = _files.Enter(path, includedFrom, _warn);
        var line = 1;
        var lineStart = 0;
        var i = 0;
        ConfigLocation Here(int at) => new(path, line, at - lineStart + 1);

        while (i < text.Length)
        {
            var c = text[i];
            switch (c)
            {
                case '\n':
                    line++;
                    lineStart = i + 1;
                    NewLine(path, line, 0);
                    i++;
                    break;

                case '"':
                    i = CopyString(text, i, Here(i));
                    break;

                case '#':
                    i = SkipToEndOfLine(text, i);
                    break;

                case '/' when i + 1 < text.Length && text[i + 1] == '/':
                    i = SkipToEndOfLine(text, i);
                    break;

                case '/' when i + 1 < text.Length && text[i + 1] == '*':
                {
                    var start = Here(i);
                    var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        throw new DhcpConfigException(start, "comment '/*' is never closed");
                    }

                    // Keep the line structure: a newline inside the comment is still a newline.
                    for (var j = i; j < end + 2; j++)
                    {
                        if (text[j] == '\n')
                        {
                            line++;
                            lineStart = j + 1;
                            NewLine(path, line, 0);
                        }
                        else
                        {
                            _out.Append(' ');
                        }
                    }

                    i = end + 2;
                    break;
                }

                case '<' when string.CompareOrdinal(text, i, "<?include", 0, 9) == 0:
                {
                    var start = Here(i);
                    var (file, next) = ReadInclude(text, i + 9, start);
                    var resolved = ConfigText.Resolve(path, file);
                    NewLine(resolved, 1, 0);
                    Append(resolved, start);
                    // The rest of the including line continues on a line of its own.
                    NewLine(path, line, next - lineStart);
                    i = next;
                    break;
                }

                default:
                    _out.Append(c);
                    i++;
                    break;
            }
        }

        _files.Leave();
    }

    private void NewLine(string file, int line, int column)
    {
        _out.Append('\n');
        _lines.Add(new Origin(file, line, column));
    }

    private int CopyString(string text, int i, ConfigLocation start)
    {
        _out.Append('"');
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                break;
            }

            _out.Append(c);
            i++;
            if (c == '\\' && i < text.Length && text[i] != '\n')
            {
                _out.Append(text[i]);
                i++;
            }
            else if (c == '"')
            {
                return i;
            }
        }

        throw new DhcpConfigException(start, "string is not closed before the end of the line");
    }

    private static int SkipToEndOfLine(string text, int i)
    {
        var end = text.IndexOf('\n', i);
        return end < 0 ? text.Length : end;
    }

    private static (string File, int Next) ReadInclude(string text, int i, ConfigLocation start)
    {
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        if (i >= text.Length || text[i] != '"')
        {
            throw new DhcpConfigException(start, "expected <?include \"path\"?>");
        }

        var close = text.IndexOf('"', i + 1);
        var newline = text.IndexOf('\n', i + 1);
        if (close < 0 || (newline >= 0 && newline < close))
        {
            throw new DhcpConfigException(start, "include path is not closed with '\"'");
        }

        var file = text[(i + 1)..close];
        i = close + 1;
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        if (string.CompareOrdinal(text, i, "?>", 0, 2) != 0)
        {
            throw new DhcpConfigException(start, "expected '?>' after the include path");
        }

        if (file.Length == 0)
        {
            throw new DhcpConfigException(start, "include path is empty");
        }

        return (file, i + 2);
    }
}
