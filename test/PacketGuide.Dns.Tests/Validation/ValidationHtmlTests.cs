using System.Text.RegularExpressions;
using PacketGuide.Dns.Validation;
using PacketGuide.Dns.Validation.Output;

namespace PacketGuide.Dns.Tests.Validation;

/// <summary>
/// The --html page as text: self-contained (no script, no external reference), one heading per zone, one row per
/// finding, and every hostile value escaped. (The integration tests render it in headless Chromium.)
/// </summary>
public sealed partial class ValidationHtmlTests
{
    private static string Render(ValidationReport report)
    {
        using var text = new StringWriter();
        ValidationHtml.Write(text, report);
        return text.ToString();
    }

    [Fact]
    public void Hostile_values_appear_only_escaped()
    {
        var html = Render(ValidationSamples.Hostile());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onerror=\"", html, StringComparison.Ordinal);
        Assert.Contains("evil&lt;script&gt;window.__pguideXss=true&lt;/script&gt;&quot;&#39;&amp;amp;.example.", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=&quot;window.__pguideXss=true&quot;&gt;.evil.example. A", html, StringComparison.Ordinal);
        Assert.Contains("value &#39;a&#39; &amp; &quot;b&quot; ]]&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Escape_covers_the_five_markup_characters_and_nothing_else()
    {
        Assert.Equal("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt; ünïcode [x]", ValidationHtml.Escape("<a href=\"x\" title='y'>&</a> ünïcode [x]"));
        Assert.Equal("", ValidationHtml.Escape(null));
    }

    [Fact]
    public void Is_self_contained_with_a_policy_that_forbids_loading_anything()
    {
        var html = Render(ValidationSamples.Hostile());

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("content=\"default-src 'none'; style-src 'unsafe-inline'", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.All(Href().Matches(html), m => Assert.StartsWith("#zone-", m.Groups[1].Value, StringComparison.Ordinal));
    }

    [Fact]
    public void Has_a_heading_per_zone_and_a_row_per_finding_worst_first()
    {
        var report = ValidationSamples.Hostile();
        var html = Render(report);

        Assert.Equal(report.Zones.Count, Regex.Count(html, "<h2>"));
        var rows = FindingRow().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["error", "error", "warning", "warning", "info"], rows);
        Assert.Contains("No findings.", html, StringComparison.Ordinal);
        Assert.Contains("RRSIG expiry: <strong>in 3 d 2 h</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"lagging\">2</td>", html, StringComparison.Ordinal);
        Assert.Contains("Checks: 18 passed, 4 failed, 2 not run", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("""(?:src|href)\s*=\s*["']?(?:https?:|//|data:|file:)|@import|url\(""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex("""href="([^"]*)" """)]
    private static partial Regex Href();

    [GeneratedRegex("""<tr class="finding sev-(\w+)">""")]
    private static partial Regex FindingRow();
}
