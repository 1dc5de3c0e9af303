namespace PacketGuide.Dhcp.Leases;

internal static class UtilizationMath
{
    public static double? Ratio(long assigned, UInt128 total) => total == UInt128.Zero ? null : assigned / (double)total;
}
