using System.Text.Encodings.Web;
using System.Text.Json;

namespace PacketGuide.Cli.Output;

/// <summary>
/// JSON for terminals, files and pipes, not for HTML: '+' in "+00:00" and non-ASCII host names are written as they are
/// instead of as \u escapes. Quotes, backslashes and control characters are still escaped.
/// </summary>
internal static class JsonOutput
{
    public static JsonWriterOptions Lines { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonWriterOptions Indented { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>Writes <c>"name": ["a", "b"]</c>.</summary>
    public static void WriteStringArray(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
