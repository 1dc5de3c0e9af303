using System.Buffers;
using System.Text;
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

    /// <summary>One indented JSON object, its members written by <paramref name="body"/>.</summary>
    public static string Object(Action<Utf8JsonWriter> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Document(w =>
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        });
    }

    /// <summary>One indented JSON document written whole by <paramref name="write"/>.</summary>
    public static string Document(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Indented))
        {
            write(w);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
