using PacketGuide.Alerting.Config;
using PacketGuide.Dns.Config;
using PacketGuide.Server.Configuration;

namespace PacketGuide.Server.Alerting;

/// <summary>
/// The configured channels with their secrets resolved once, at start: a missing secret, or an email channel's
/// <c>ca-file</c> that holds no certificate, is a configuration error (exit 2), not a failed delivery.
/// </summary>
public sealed class AlertChannels
{
    private readonly Dictionary<string, (AlertChannel Channel, byte[]? Secret)> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _limitKeys = new(StringComparer.Ordinal);

    /// <exception cref="ServeConfigException">A channel's secret or CA certificate cannot be read.</exception>
    public AlertChannels(IReadOnlyList<AlertChannel> channels, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(channels);
        foreach (var channel in channels)
        {
            byte[]? secret = null;
            if (channel.Secret is { } reference)
            {
                try
                {
                    secret = SecretReference.TryParse(reference, out var parsed, out var error)
                        ? System.Text.Encoding.UTF8.GetBytes(parsed!.Resolve(environment))
                        : throw new DnsConfigException(error!);
                }
                catch (DnsConfigException ex)
                {
                    var key = channel.Type switch { AlertChannelType.PagerDuty => "routing-key", AlertChannelType.Email => "password", _ => "secret" };
                    throw new ServeConfigException($"{channel.Location}: alerting.channels.{channel.Name}.{key}: {ex.Message}", ex);
                }
            }

            if (channel.CaFile is { } caFile && CaFileError(caFile) is { } caError)
            {
                throw new ServeConfigException($"{channel.Location}: alerting.channels.{channel.Name}.ca-file: {caError}");
            }

            _channels[channel.Name] = (channel, secret);
            _limitKeys[channel.Name] = secret is null ? channel.Name : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(secret));
        }
    }

    /// <summary>
    /// What a per-minute limit counts against: PagerDuty throttles each routing key, so channels sharing a secret share
    /// a limit. The secret's hash, computed once (the secret itself is not used as a key); the name without a secret.
    /// </summary>
    public string LimitKey(string name) => _limitKeys[name];

    /// <summary>Why the CA certificate cannot be used, or null; the mail sender would otherwise fail on it at every send.</summary>
    private static string? CaFileError(string path)
    {
        try
        {
            using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(path);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            return $"{path}: cannot read a certificate from it ({ex.Message}).";
        }
    }

    public IEnumerable<AlertChannel> All => _channels.Values.Select(c => c.Channel);

    public bool TryGet(string name, out AlertChannel channel, out byte[]? secret)
    {
        if (_channels.TryGetValue(name, out var found))
        {
            (channel, secret) = found;
            return true;
        }

        (channel, secret) = (null!, null);
        return false;
    }
}
