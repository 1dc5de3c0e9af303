namespace PacketGuide.Server.Pipeline;

/// <summary>What the pipeline follows: the configured logs (plus the demo's), and where it keeps checkpoints.</summary>
public sealed record PipelineSources(IReadOnlyList<string> Patterns, string StateDirectory, bool FromStart);
