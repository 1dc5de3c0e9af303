using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace PacketGuide.Dns.Providers;

/// <summary>
/// A TSIG key: name, algorithm (hmac-sha256, hmac-sha512, legacy hmac-md5) and secret. The secret never appears in
/// <see cref="ToString"/> or in any message.
/// </summary>
public sealed partial class TsigKey
{
    private static readonly string[] s_algorithms = ["hmac-sha256", "hmac-sha512", "hmac-md5"];

    private TsigKey(string name, string algorithm, byte[] secret)
    {
        Name = name;
        Algorithm = algorithm;
        Secret = secret;
    }

    public string Name { get; }

    /// <summary>hmac-sha256, hmac-sha512 or hmac-md5.</summary>
    public string Algorithm { get; }

    internal byte[] Secret { get; }

    public static bool TryCreate(string name, string algorithm, string base64Secret, [NotNullWhen(true)] out TsigKey? key, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        key = null;
        var normalized = algorithm.ToLowerInvariant().TrimEnd('.');
        normalized = normalized == "hmac-md5.sig-alg.reg.int" ? "hmac-md5" : normalized;
        if (!s_algorithms.Contains(normalized))
        {
            error = $"TSIG algorithm '{algorithm}' is not supported (hmac-sha256, hmac-sha512, hmac-md5).";
            return false;
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            error = "the TSIG key has no name.";
            return false;
        }

        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(base64Secret);
        }
        catch (FormatException)
        {
            error = $"the secret of TSIG key '{name}' is not base64.";
            return false;
        }

        if (secret.Length == 0)
        {
            error = $"the secret of TSIG key '{name}' is empty.";
            return false;
        }

        key = new TsigKey(name.TrimEnd('.') + ".", normalized, secret);
        error = null;
        return true;
    }

    /// <summary>Reads the first key of a BIND key file (<c>key "ddns-key" { algorithm hmac-sha256; secret "..."; };</c>, as tsig-keygen writes).</summary>
    public static bool TryReadBindKeyFile(string path, [NotNullWhen(true)] out TsigKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"{path}: cannot read the key file ({ex.Message}).";
            return false;
        }

        var match = BindKey().Match(text);
        if (!match.Success)
        {
            error = $"{path}: no 'key \"NAME\" {{ algorithm ALG; secret \"BASE64\"; }};' in it (the format tsig-keygen writes).";
            return false;
        }

        if (!TryCreate(match.Groups["name"].Value, match.Groups["alg"].Value, match.Groups["secret"].Value, out key, out var keyError))
        {
            error = $"{path}: {keyError}";
            return false;
        }

        error = null;
        return true;
    }

    public override string ToString() => $"{Name} ({Algorithm})";

    /// <summary>Signs <paramref name="message"/> with this key (TSIG, 5 minutes fudge); the server's answer is checked against it.</summary>
    internal void Sign(ARSoft.Tools.Net.Dns.DnsMessageBase message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        var algorithm = Algorithm switch
        {
            "hmac-sha512" => ARSoft.Tools.Net.Dns.TSigAlgorithm.Sha512,
            "hmac-md5" => ARSoft.Tools.Net.Dns.TSigAlgorithm.Md5,
            _ => ARSoft.Tools.Net.Dns.TSigAlgorithm.Sha256,
        };
        message.TSigOptions = new ARSoft.Tools.Net.Dns.TSigRecord(ARSoft.Tools.Net.DomainName.Parse(Name), algorithm, now.UtcDateTime, TimeSpan.FromMinutes(5),
            message.TransactionID, ARSoft.Tools.Net.Dns.ReturnCode.NoError, null, Secret);
    }

    [GeneratedRegex("""key\s+"?(?<name>[^"\s{]+)"?\s*\{[^}]*?algorithm\s+"?(?<alg>[A-Za-z0-9.-]+)"?\s*;[^}]*?secret\s+"(?<secret>[A-Za-z0-9+/=]+)"\s*;""", RegexOptions.Singleline)]
    private static partial Regex BindKey();
}
