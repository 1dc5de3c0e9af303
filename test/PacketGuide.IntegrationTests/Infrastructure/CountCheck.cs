using System.Globalization;
using System.Text;
using PacketGuide.Dhcp.Analysis;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// Collects expected-versus-parsed comparisons and fails once with all of them, so one run shows every mismatch
/// (and the file it came from), not just the first.
/// </summary>
public sealed class CountCheck(string subject)
{
    private readonly List<(string What, long Expected, long Actual)> _rows = [];

    public CountCheck Expect(string what, long expected, long actual)
    {
        _rows.Add((what, expected, actual));
        return this;
    }

    public void AssertAll(DhcpLogSummary? summary = null)
    {
        if (_rows.TrueForAll(r => r.Expected == r.Actual))
        {
            return;
        }

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{subject}: parsed counts differ from the truth\n");
        foreach (var (what, expected, actual) in _rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {(expected == actual ? "  " : "!!")} {what,-28} expected {expected,6}  parsed {actual,6}\n");
        }

        foreach (var example in summary?.UnparsedExamples ?? [])
        {
            text.Append(CultureInfo.InvariantCulture, $"  unparsed example: {example}\n");
        }

        Assert.Fail(text.ToString());
    }
}
