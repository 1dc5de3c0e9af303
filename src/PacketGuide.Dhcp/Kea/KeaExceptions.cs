namespace PacketGuide.Dhcp.Kea;

/// <summary>
/// Base of every error the Kea client raises. <see cref="Target"/> is the agent URL (without user info) or the socket
/// path. No message ever contains a password or an Authorization header.
/// </summary>
public class KeaException : Exception
{
    public KeaException()
    {
    }

    public KeaException(string message)
        : base(message)
    {
    }

    public KeaException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public KeaException(string target, string message, Exception? innerException = null)
        : base(message, innerException) => Target = target;

    /// <summary>The control agent URL or the unix socket path the client talked to.</summary>
    public string Target { get; } = "";
}

/// <summary>Options that cannot work: a URL with a password in it, a missing certificate file, both or neither endpoint.</summary>
public sealed class KeaConfigurationException : KeaException
{
    public KeaConfigurationException()
    {
    }

    public KeaConfigurationException(string message)
        : base(message)
    {
    }

    public KeaConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Nothing answered: connection refused, no such socket file, no route, or the peer closed without answering.</summary>
public sealed class KeaUnreachableException : KeaException
{
    public KeaUnreachableException()
    {
    }

    public KeaUnreachableException(string message)
        : base(message)
    {
    }

    public KeaUnreachableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public KeaUnreachableException(string target, string message, Exception? innerException)
        : base(target, message, innerException)
    {
    }
}

/// <summary>No complete answer within the timeout.</summary>
public sealed class KeaTimeoutException : KeaException
{
    public KeaTimeoutException()
    {
    }

    public KeaTimeoutException(string message)
        : base(message)
    {
    }

    public KeaTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public KeaTimeoutException(string target, string message, Exception? innerException)
        : base(target, message, innerException)
    {
    }
}

/// <summary>The TLS handshake failed: untrusted or mismatched server certificate, or a client certificate the agent refused.</summary>
public sealed class KeaTlsException : KeaException
{
    public KeaTlsException()
    {
    }

    public KeaTlsException(string message)
        : base(message)
    {
    }

    public KeaTlsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public KeaTlsException(string target, string message, Exception? innerException)
        : base(target, message, innerException)
    {
    }
}

/// <summary>The agent answered 401 (or 403): no credentials, a wrong user or a wrong password.</summary>
public sealed class KeaAuthenticationException : KeaException
{
    public KeaAuthenticationException()
    {
    }

    public KeaAuthenticationException(string message)
        : base(message)
    {
    }

    public KeaAuthenticationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public KeaAuthenticationException(string target, string message, int statusCode)
        : base(target, message) => StatusCode = statusCode;

    public int StatusCode { get; }
}

/// <summary>The answer is not a Kea response: not JSON, truncated, too large, an unexpected HTTP status or shape.</summary>
public sealed class KeaProtocolException : KeaException
{
    public KeaProtocolException()
    {
    }

    public KeaProtocolException(string message)
        : base(message)
    {
    }

    public KeaProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public KeaProtocolException(string target, string message, Exception? innerException = null)
        : base(target, message, innerException)
    {
    }
}

/// <summary>
/// Kea answered with a result code other than success: 1 error, 2 unsupported (usually a hook library is not loaded),
/// 3 empty / not found (only for commands where "nothing" is not a valid answer), or anything else.
/// </summary>
public sealed class KeaCommandException : KeaException
{
    public KeaCommandException()
    {
    }

    public KeaCommandException(string message)
        : base(message)
    {
    }

    public KeaCommandException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public KeaCommandException(string target, string command, int result, string? text, string message)
        : base(target, message)
    {
        Command = command;
        Result = result;
        KeaText = text;
    }

    public string Command { get; } = "";

    /// <summary>Kea's result code (<see cref="KeaResultCodes"/>).</summary>
    public int Result { get; }

    /// <summary>Kea's own <c>text</c>, as it sent it.</summary>
    public string? KeaText { get; }

    /// <summary>For result 2: the hook library that provides <see cref="Command"/>, if it comes from one.</summary>
    public string? HookLibrary => Result == KeaResultCodes.Unsupported ? KeaResultCodes.HookLibraryFor(Command) : null;
}

/// <summary>Kea's result codes and which hook library provides which command.</summary>
public static class KeaResultCodes
{
    public const int Success = 0;
    public const int Error = 1;
    public const int Unsupported = 2;
    public const int Empty = 3;

    /// <summary><c>libdhcp_lease_cmds.so</c> for lease commands, <c>libdhcp_stat_cmds.so</c> for stat-lease commands, else null (built in).</summary>
    public static string? HookLibraryFor(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.StartsWith("stat-lease", StringComparison.Ordinal))
        {
            return "libdhcp_stat_cmds.so";
        }

        return command.StartsWith("lease4-", StringComparison.Ordinal) || command.StartsWith("lease6-", StringComparison.Ordinal)
            || command.StartsWith("leases-", StringComparison.Ordinal)
            ? "libdhcp_lease_cmds.so"
            : null;
    }
}
