using PacketGuide.Dhcp.Analysis;

namespace PacketGuide.Dhcp.Input;

/// <summary>What one chunk of an input produced. Line numbers inside are relative to the chunk's first line.</summary>
internal sealed record ChunkResult(SummaryBuilder Summary, List<LeaseEvent>? Events, long Lines);
