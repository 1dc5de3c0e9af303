namespace PacketGuide.Dhcp.Input;

/// <summary>Expands command-line inputs: <c>-</c> for stdin, globs (<c>*</c>, <c>?</c> in the file name), <c>.gz</c> files.</summary>
public static class InputResolver
{
    public static IReadOnlyList<DhcpInput> Resolve(IEnumerable<string> arguments)
    {
        var inputs = new List<DhcpInput>();
        foreach (var argument in arguments)
        {
            if (argument == "-")
            {
                inputs.Add(new DhcpInput("-", IsStandardInput: true, IsGzip: false));
                continue;
            }

            var name = Path.GetFileName(argument);
            if (name.AsSpan().IndexOfAny('*', '?') >= 0)
            {
                var directory = Path.GetDirectoryName(argument) is { Length: > 0 } d ? d : ".";
                if (!Directory.Exists(directory))
                {
                    throw new DhcpInputException($"{argument}: directory '{directory}' does not exist.");
                }

                var matches = Directory.EnumerateFiles(directory, name).Order(StringComparer.Ordinal).ToList();
                if (matches.Count == 0)
                {
                    throw new DhcpInputException($"{argument}: no file matches this pattern.");
                }

                inputs.AddRange(matches.Select(Describe));
                continue;
            }

            if (Directory.Exists(argument))
            {
                throw new DhcpInputException($"{argument}: is a directory; give the log files in it (for example '{Path.Combine(argument, "*.log")}').");
            }

            if (!File.Exists(argument))
            {
                throw new DhcpInputException($"{argument}: no such file.");
            }

            inputs.Add(Describe(argument));
        }

        return inputs;
    }

    private static DhcpInput Describe(string path) =>
        new(path, IsStandardInput: false, IsGzip: path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase));
}
