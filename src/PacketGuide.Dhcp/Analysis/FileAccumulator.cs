using PacketGuide.Dhcp.Input;
using PacketGuide.Dhcp.Parsing;

namespace PacketGuide.Dhcp.Analysis;

/// <summary>Folds the parts of one input (chunks, stream batches or one document) into the input's totals, in order.</summary>
internal sealed class FileAccumulator(DhcpInput input, TimeRange range, int examplesPerReason)
{
    public SummaryBuilder Summary { get; } = new(input.DisplayPath, range, examplesPerReason);

    public DhcpLogFormat Format { get; set; }

    public long Lines { get; private set; }

    public List<Analysis.KeaSubnetStatistics> KeaSubnets { get; } = [];

    public Dictionary<string, long> KeaStatistics { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds the next part and returns the line offset its events need.</summary>
    public long Add(ChunkResult part)
    {
        var offset = Lines;
        Summary.MergeFrom(part.Summary, offset);
        Lines += part.Lines;
        return offset;
    }

    public FileSummary ToFileSummary() => new()
    {
        Path = input.DisplayPath,
        Format = Format.ToWireName(),
        Lines = Lines,
        Events = Summary.Events,
        Unparsed = Summary.Unparsed.Sum(),
    };
}
