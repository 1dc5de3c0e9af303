using System.Text;

namespace PacketGuide.Dhcp.Config;

/// <summary>Tokens of dhcpd.conf(5): words (names, numbers, addresses), quoted strings, <c>{ } ; ,</c>; <c>#</c> comments.</summary>
internal enum DhcpdTokenKind
{
    End,
    Word,
    String,
    Open,
    Close,
    Semicolon,
    Comma,
}

internal readonly record struct DhcpdToken(DhcpdTokenKind Kind, string Text, int Line, int Column);

/// <summary>A hand tokenizer in the spirit of dhcpd's own conflex.c: one pass, positions kept, nothing to backtrack.</summary>
internal sealed class DhcpdConfigLexer(string file, string text)
{
    private int _i;
    private int _line = 1;
    private int _lineStart;

    public string File { get; } = file;

    public ConfigLocation At(DhcpdToken token) => new(File, token.Line, token.Column);

    public DhcpdToken Next()
    {
        while (_i < text.Length)
        {
            var c = text[_i];
            if (c == '\n')
            {
                _i++;
                _line++;
                _lineStart = _i;
            }
            else if (char.IsWhiteSpace(c))
            {
                _i++;
            }
            else if (c == '#')
            {
                var end = text.IndexOf('\n', _i);
                _i = end < 0 ? text.Length : end;
            }
            else
            {
                break;
            }
        }

        if (_i >= text.Length)
        {
            return new DhcpdToken(DhcpdTokenKind.End, "", _line, _i - _lineStart + 1);
        }

        var line = _line;
        var column = _i - _lineStart + 1;
        var ch = text[_i];
        switch (ch)
        {
            case '{':
                _i++;
                return new DhcpdToken(DhcpdTokenKind.Open, "{", line, column);
            case '}':
                _i++;
                return new DhcpdToken(DhcpdTokenKind.Close, "}", line, column);
            case ';':
                _i++;
                return new DhcpdToken(DhcpdTokenKind.Semicolon, ";", line, column);
            case ',':
                _i++;
                return new DhcpdToken(DhcpdTokenKind.Comma, ",", line, column);
            case '"':
                return ReadString(line, column);
            default:
                var start = _i;
                while (_i < text.Length && !char.IsWhiteSpace(text[_i]) && text[_i] is not ('{' or '}' or ';' or ',' or '"' or '#'))
                {
                    _i++;
                }

                return new DhcpdToken(DhcpdTokenKind.Word, text[start.._i], line, column);
        }
    }

    private DhcpdToken ReadString(int line, int column)
    {
        var value = new StringBuilder();
        _i++;
        while (_i < text.Length)
        {
            var c = text[_i++];
            if (c == '"')
            {
                return new DhcpdToken(DhcpdTokenKind.String, value.ToString(), line, column);
            }

            if (c == '\n')
            {
                _line++;
                _lineStart = _i;
            }

            if (c == '\\' && _i < text.Length)
            {
                c = text[_i++];
                if (c == '\n')
                {
                    _line++;
                    _lineStart = _i;
                }
            }

            value.Append(c);
        }

        throw new DhcpConfigException(new ConfigLocation(File, line, column), "string is never closed (missing '\"')");
    }
}
