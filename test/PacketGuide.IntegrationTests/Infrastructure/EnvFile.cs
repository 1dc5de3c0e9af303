namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>Reads the KEY=VALUE files that scripts/services/*.sh write (kea4.env, kea6.env).</summary>
public static class EnvFile
{
    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[line[..equals]] = line[(equals + 1)..];
            }
        }

        return values;
    }

    public static string Require(this IReadOnlyDictionary<string, string> values, string key, string path)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new InvalidOperationException($"{path} has no {key}.");
    }
}
