namespace PacketGuide.Dhcp.Tests.Parsing;

public sealed class MacAddressFormatTests
{
    [Theory]
    [InlineData("00:00:00:00:00:00")]
    [InlineData("02:00:00:00:01:0a")]
    [InlineData("ff:ff:ff:ff:ff:ff")]
    public void TryFormat_writes_what_ToString_returns_without_allocating_a_string(string text)
    {
        var mac = MacAddress.Parse(text);
        Span<char> buffer = stackalloc char[20];

        Assert.True(mac.TryFormat(buffer, out var written, default, null));
        Assert.Equal(17, written);
        Assert.Equal(text, buffer[..17].ToString());
        Assert.Equal(text, mac.ToString());
        Assert.False(mac.TryFormat(buffer[..16], out written, default, null));
        Assert.Equal(0, written);

        var before = GC.GetAllocatedBytesForCurrentThread();
        mac.TryFormat(buffer, out _, default, null);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
