using System.Net;
using System.Net.NetworkInformation;

namespace PacketGuide.DhcpTestClient;

/// <summary>The variable fields of a client message, as a relay agent forwards it.</summary>
/// <param name="MessageType">Option 53.</param>
/// <param name="TransactionId">xid.</param>
/// <param name="ClientHardwareAddress">chaddr (Ethernet MAC); also used for option 61 (type 1 + MAC).</param>
/// <param name="RelayAddress">giaddr.</param>
/// <param name="ClientAddress">ciaddr, or null for 0.0.0.0.</param>
/// <param name="RequestedAddress">Option 50, or null to leave it out.</param>
/// <param name="ServerIdentifier">Option 54, or null to leave it out.</param>
/// <param name="HostName">Option 12, or null to leave it out.</param>
internal sealed record DhcpOutgoingMessage(
    DhcpMessageType MessageType,
    uint TransactionId,
    PhysicalAddress ClientHardwareAddress,
    IPAddress RelayAddress,
    IPAddress? ClientAddress = null,
    IPAddress? RequestedAddress = null,
    IPAddress? ServerIdentifier = null,
    string? HostName = null);
