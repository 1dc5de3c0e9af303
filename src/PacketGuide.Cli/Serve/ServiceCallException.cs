namespace PacketGuide.Cli.Serve;

/// <summary>
/// A call to a running pguide serve that did not give an answer to use: the message names the URL and what to fix;
/// <see cref="ExitCode"/> is 3 when the service could not be reached or failed (5xx, 429), 2 when it refused the request
/// (a missing or weak key, a bad value, an unknown id) or is not a pguide serve. <see cref="FieldErrors"/> holds a 400's
/// RFC 7807 <c>errors</c>, field by field.
/// </summary>
internal sealed class ServiceCallException : Exception
{
    public ServiceCallException()
    {
    }

    public ServiceCallException(string message)
        : base(message)
    {
    }

    public ServiceCallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ServiceCallException(string message, int exitCode, IReadOnlyList<KeyValuePair<string, string>>? fieldErrors = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
        FieldErrors = fieldErrors ?? [];
    }

    public int ExitCode { get; } = ExitCodes.UsageOrInput;

    /// <summary>Each bad field with one of its messages (a field with two messages comes twice), in the service's order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> FieldErrors { get; } = [];
}
