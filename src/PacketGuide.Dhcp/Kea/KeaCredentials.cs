namespace PacketGuide.Dhcp.Kea;

/// <summary>
/// HTTP basic authentication for the Kea Control Agent. The password is read from a file or an environment variable
/// (never from a command line) and is never part of <see cref="ToString"/>, an exception message or a trace line.
/// </summary>
public sealed class KeaCredentials
{
    private KeaCredentials(string user, string password)
    {
        User = user;
        Password = password;
    }

    public string User { get; }

    internal string Password { get; }

    /// <summary>
    /// <paramref name="password"/> given directly (tests, callers with their own secret store). Kea's basic auth forbids
    /// ':' in the user name (RFC 7617), so such a name is refused.
    /// </summary>
    public static KeaCredentials Create(string user, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        if (user.Length == 0 || user.Contains(':', StringComparison.Ordinal))
        {
            throw new KeaConfigurationException("The Kea user name must be non-empty and must not contain ':' (HTTP basic authentication).");
        }

        return new KeaCredentials(user, password);
    }

    /// <summary>The password is the file's first line (a trailing newline is not part of it).</summary>
    public static KeaCredentials FromFile(string user, string passwordFile)
    {
        ArgumentNullException.ThrowIfNull(passwordFile);
        string text;
        try
        {
            text = File.ReadAllText(passwordFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The message names the file and the OS error, never its content.
            throw new KeaConfigurationException($"Cannot read the Kea password file '{passwordFile}': {ex.Message}", ex);
        }

        var line = text.Split('\n', 2)[0].TrimEnd('\r');
        if (line.Length == 0)
        {
            throw new KeaConfigurationException($"The Kea password file '{passwordFile}' is empty (its first line is the password).");
        }

        return Create(user, line);
    }

    /// <summary>The password is the value of the environment variable <paramref name="variable"/>.</summary>
    public static KeaCredentials FromEnvironment(string user, string variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value))
        {
            throw new KeaConfigurationException($"The environment variable '{variable}' that should hold the Kea password is not set or empty.");
        }

        return Create(user, value);
    }

    public override string ToString() => $"{User} (password hidden)";
}
