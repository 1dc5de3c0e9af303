using System.Buffers;
using System.Text;
using System.Text.Json;
using PacketGuide.Dhcp;
using PacketGuide.Dhcp.Output;

namespace PacketGuide.Cli.Output;

/// <summary>Appends events as JSON text (one object, no newline) to a buffer of output; reuses one writer.</summary>
internal sealed class EventJsonLines : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 14);
    private readonly Utf8JsonWriter _writer;

    public EventJsonLines() => _writer = new Utf8JsonWriter(_buffer, JsonOutput.Lines);

    public void Append(StringBuilder text, LeaseEvent e)
    {
        LeaseEventFormats.WriteJson(_writer, e);
        _writer.Flush();
        text.Append(Encoding.UTF8.GetString(_buffer.WrittenSpan));
        _buffer.ResetWrittenCount();
        _writer.Reset();
    }

    public void Dispose() => _writer.Dispose();
}
