namespace PacketGuide.Server.Dashboard;

/// <summary>The export could not read the service: unreachable (exit 3) or refused (exit 2).</summary>
public sealed class DashboardExportException : Exception
{
    public DashboardExportException()
    {
    }

    public DashboardExportException(string message)
        : base(message)
    {
    }

    public DashboardExportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DashboardExportException(string message, bool unreachable, Exception? innerException = null)
        : base(message, innerException) => Unreachable = unreachable;

    public bool Unreachable { get; }
}
