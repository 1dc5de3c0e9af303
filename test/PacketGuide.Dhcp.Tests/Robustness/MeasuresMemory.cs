namespace PacketGuide.Dhcp.Tests.Robustness;

/// <summary>
/// Tests that measure the process's managed heap run alone: other test classes allocating at the same time (the lease
/// tracker's churn test holds tens of MB) made a flat parser look like it grew by 62 MB.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuresMemory
{
    public const string Name = "measures managed memory";
}
