using System.Net;
using DnsClient;
using DnsClient.Protocol;
using PacketGuide.Dns.Query;

namespace PacketGuide.Dns.Tests.Query;

public sealed class DnsRecordFormatterTests
{
    private static ResourceRecordInfo Info(string name, ResourceRecordType type) => new(name, type, QueryClass.IN, 300, 4);

    [Fact]
    public void Data_is_what_follows_owner_ttl_class_and_type_even_with_a_space_in_a_label()
    {
        Assert.Equal("192.0.2.1", DnsRecordFormatter.View(new ARecord(Info("www.example.test.", ResourceRecordType.A), IPAddress.Parse("192.0.2.1"))).Data);
        Assert.Equal("192.0.2.2", DnsRecordFormatter.View(new ARecord(Info("odd name.example.test.", ResourceRecordType.A), IPAddress.Parse("192.0.2.2"))).Data);
        Assert.Equal("10 mail.example.test.",
            DnsRecordFormatter.View(new MxRecord(Info("example.test.", ResourceRecordType.MX), 10, DnsString.Parse("mail.example.test."))).Data);
    }

    [Fact]
    public void Txt_is_quoted_with_escapes_and_unknown_types_use_rfc_3597()
    {
        var txt = new TxtRecord(Info("t.example.test.", ResourceRecordType.TXT), ["ignored"], ["say \"hi\"", "back\\slash"]);
        Assert.Equal("\"say \\\"hi\\\"\" \"back\\\\slash\"", DnsRecordFormatter.View(txt).Data);

        var https = new UnknownRecord(Info("h.example.test.", (ResourceRecordType)65), [0, 1, 0]);
        var view = DnsRecordFormatter.View(https);
        Assert.Equal("HTTPS", view.Type);
        Assert.Equal("\\# 3 000100", view.Data);
    }
}
