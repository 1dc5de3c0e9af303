namespace PacketGuide.Cli.Output;

/// <summary>
/// An <see cref="IProgress{T}"/> that acts at once on the reporting thread (<see cref="Progress{T}"/> posts to the thread
/// pool, so reports can arrive late and out of order), for updating a Spectre.Console progress task.
/// </summary>
internal sealed class ReportTo(Action<int> report) : IProgress<int>
{
    public void Report(int value) => report(value);
}
