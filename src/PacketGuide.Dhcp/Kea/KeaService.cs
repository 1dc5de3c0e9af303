namespace PacketGuide.Dhcp.Kea;

/// <summary>The Kea server a command is meant for: the control agent forwards it to that server's control socket.</summary>
public enum KeaService
{
    Dhcp4,
    Dhcp6,
}

/// <summary>Wire names (<c>dhcp4</c>, <c>dhcp6</c>) and the command names that differ by service.</summary>
public static class KeaServices
{
    public static string ToWireName(this KeaService service) => service == KeaService.Dhcp6 ? "dhcp6" : "dhcp4";

    public static bool TryParse(string? text, out KeaService service)
    {
        switch (text)
        {
            case "dhcp4":
                service = KeaService.Dhcp4;
                return true;
            case "dhcp6":
                service = KeaService.Dhcp6;
                return true;
            default:
                service = KeaService.Dhcp4;
                return false;
        }
    }

    internal static string Family(this KeaService service) => service == KeaService.Dhcp6 ? "6" : "4";
}
