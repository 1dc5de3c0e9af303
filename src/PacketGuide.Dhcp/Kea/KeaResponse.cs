using System.Text;
using System.Text.Json;

namespace PacketGuide.Dhcp.Kea;

/// <summary>
/// One Kea answer: <c>{"result": N, "text": "...", "arguments": {...}}</c>. The control agent wraps it in an array (one
/// element per service; the client asks one service, so the first). Owns the parsed document: dispose it.
/// </summary>
public sealed class KeaResponse : IDisposable
{
    private readonly JsonDocument _document;

    private KeaResponse(JsonDocument document, JsonElement element, int result, string? text)
    {
        _document = document;
        Element = element;
        Result = result;
        Text = text;
        Arguments = element.TryGetProperty("arguments", out var arguments) ? arguments : default;
    }

    /// <summary>Kea's result code (0 success, 1 error, 2 unsupported, 3 empty; see <see cref="KeaResultCodes"/>).</summary>
    public int Result { get; }

    /// <summary>Kea's <c>text</c>, if any.</summary>
    public string? Text { get; }

    /// <summary>The <c>arguments</c> object; <see cref="JsonValueKind.Undefined"/> when the answer has none. Valid until disposal.</summary>
    public JsonElement Arguments { get; }

    /// <summary>The whole response object (for the agent: the array element of the service). Valid until disposal.</summary>
    public JsonElement Element { get; }

    public void Dispose() => _document.Dispose();

    /// <summary>Parses an answer; anything that is not a Kea response raises <see cref="KeaProtocolException"/> naming <paramref name="target"/>.</summary>
    internal static KeaResponse Parse(ReadOnlyMemory<byte> body, string target, string command)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            var where = ex.BytePositionInLine is { } b ? $" (line {(ex.LineNumber ?? 0) + 1}, byte {b})" : "";
            var truncated = body.Length > 0 && LooksTruncated(body.Span) ? "truncated" : "not valid JSON";
            throw new KeaProtocolException(target,
                $"The answer from {target} to '{command}' is {truncated}{where}: {Excerpt(body.Span)}", ex);
        }

        try
        {
            var root = document.RootElement;
            var element = root;
            if (root.ValueKind == JsonValueKind.Array)
            {
                if (root.GetArrayLength() == 0)
                {
                    throw new KeaProtocolException(target, $"The control agent {target} answered '{command}' with an empty array (no service answered).");
                }

                element = root[0];
            }

            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("result", out var resultElement)
                || resultElement.ValueKind != JsonValueKind.Number || !resultElement.TryGetInt32(out var result))
            {
                throw new KeaProtocolException(target,
                    $"The answer from {target} to '{command}' is JSON but not a Kea response (no integer \"result\"): {Excerpt(body.Span)}");
            }

            var text = element.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            return new KeaResponse(document, element, result, text);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>At most 200 characters of an answer, for messages (answers never contain the request's credentials).</summary>
    internal static string Excerpt(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body.Length > 600 ? body[..600] : body).ReplaceLineEndings(" ").Trim();
        return text.Length == 0 ? "(empty)" : text.Length > 200 ? text[..200] + "..." : text;
    }

    private static bool LooksTruncated(ReadOnlySpan<byte> body)
    {
        // Read as if more data could follow: a document cut short just runs out of input, a garbled one throws.
        var reader = new Utf8JsonReader(body, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { MaxDepth = 256 }));
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
