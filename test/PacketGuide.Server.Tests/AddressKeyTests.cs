using System.Net;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Tests;

public sealed class AddressKeyTests
{
    [Fact]
    public void Keys_sort_in_numeric_address_order()
    {
        string[] addresses = ["10.0.0.10", "10.0.0.9", "9.255.255.255", "10.0.1.0", "2001:db8::1", "::1"];

        var sorted = addresses.OrderBy(a => Convert.ToHexString(AddressKey.Of(IPAddress.Parse(a))), StringComparer.Ordinal).ToArray();

        Assert.Equal(["::1", "9.255.255.255", "10.0.0.9", "10.0.0.10", "10.0.1.0", "2001:db8::1"], sorted);
    }

    [Theory]
    [InlineData("10.77.0.0/22", "10.77.0.0", "10.77.3.255")]
    [InlineData("10.77.1.6/32", "10.77.1.6", "10.77.1.6")]
    [InlineData("0.0.0.0/0", "0.0.0.0", "255.255.255.255")]
    [InlineData("2001:db8::/64", "2001:db8::", "2001:db8::ffff:ffff:ffff:ffff")]
    public void A_network_covers_its_first_to_last_address(string network, string first, string last)
    {
        var (f, l) = AddressKey.Range(IPNetwork.Parse(network));

        Assert.Equal(AddressKey.Of(IPAddress.Parse(first)), f);
        Assert.Equal(AddressKey.Of(IPAddress.Parse(last)), l);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AAAA")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Cursors_that_this_API_did_not_write_are_refused(string cursor) => Assert.False(LeaseStore.TryParseCursor(cursor, out _));

    [Fact]
    public void A_cursor_round_trips() =>
        Assert.True(LeaseStore.TryParseCursor(System.Buffers.Text.Base64Url.EncodeToString(AddressKey.Of(IPAddress.Parse("10.77.1.6"))), out var key) && key!.Length == 16);
}
