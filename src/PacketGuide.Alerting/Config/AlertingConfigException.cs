namespace PacketGuide.Alerting.Config;

/// <summary>The alerting section cannot be used; the message names the file, line, key and fix.</summary>
public sealed class AlertingConfigException : Exception
{
    public AlertingConfigException()
    {
    }

    public AlertingConfigException(string message)
        : base(message)
    {
    }

    public AlertingConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
