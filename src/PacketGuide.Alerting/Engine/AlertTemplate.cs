using System.Text;

namespace PacketGuide.Alerting.Engine;

/// <summary>Fills <c>{name}</c> placeholders from a dictionary; unknown ones stay as written. No expressions, no code: templates come from a config file.</summary>
internal static class AlertTemplate
{
    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        if (template.IndexOf('{', StringComparison.Ordinal) < 0)
        {
            return template;
        }

        var result = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = open < 0 ? -1 : template.IndexOf('}', open + 1);
            if (open < 0 || close < 0)
            {
                result.Append(template, i, template.Length - i);
                break;
            }

            result.Append(template, i, open - i);
            var name = template.Substring(open + 1, close - open - 1);
            if (values.TryGetValue(name, out var value))
            {
                result.Append(value);
            }
            else
            {
                result.Append(template, open, close - open + 1);
            }

            i = close + 1;
        }

        return result.ToString();
    }
}
