namespace PacketGuide.Dns.Config;

/// <summary>
/// A secret named by reference, never written inline: <c>env:NAME</c> (an environment variable) or <c>file:/path</c> (the
/// file's first line). Messages name the reference, never the value.
/// </summary>
public sealed record SecretReference(string Reference)
{
    public static bool TryParse(string text, out SecretReference? reference, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        reference = null;
        if ((text.StartsWith("env:", StringComparison.Ordinal) && text.Length > 4) || (text.StartsWith("file:", StringComparison.Ordinal) && text.Length > 5))
        {
            reference = new SecretReference(text);
            error = null;
            return true;
        }

        error = "must be env:NAME or file:/path (secrets are never written in pguide.yaml itself).";
        return false;
    }

    /// <summary>The secret; throws <see cref="DnsConfigException"/> naming the reference when it is missing or empty.</summary>
    public string Resolve(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? value;
        if (Reference.StartsWith("env:", StringComparison.Ordinal))
        {
            value = environment(Reference[4..]);
            if (string.IsNullOrEmpty(value))
            {
                throw new DnsConfigException($"{Reference}: the environment variable is not set or empty.");
            }
        }
        else
        {
            var path = Reference[5..];
            try
            {
                value = File.ReadLines(path).FirstOrDefault()?.Trim();
            }
            catch (IOException ex)
            {
                throw new DnsConfigException($"{Reference}: cannot read the file ({ex.Message}).");
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new DnsConfigException($"{Reference}: cannot read the file ({ex.Message}).");
            }

            if (string.IsNullOrEmpty(value))
            {
                throw new DnsConfigException($"{Reference}: the file's first line is empty.");
            }
        }

        return value;
    }

    public override string ToString() => Reference;
}
