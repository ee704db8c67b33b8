using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Concord.Configuration;

/// <summary>
/// Classifies a ringX_addr / bindnetaddr string without resolving it: an IPv4 literal, an IPv6
/// literal (optionally with a %scope), a host name to resolve later, or something that is none of
/// these (e.g. <c>10.0.0.256</c>, which looks like an address but is not one). Name resolution is
/// the daemon's job and honours <c>totem.ip_version</c>.
/// </summary>
public static class NodeAddress
{
    public static AddressKind Classify(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 253) return AddressKind.Invalid;
        if (value.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(value, out IPAddress? v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
                ? AddressKind.Ipv6
                : AddressKind.Invalid;
        }

        if (value.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return TryParseStrictIpv4(value, out _) ? AddressKind.Ipv4 : AddressKind.Invalid;
        }

        return IsHostName(value) ? AddressKind.HostName : AddressKind.Invalid;
    }

    /// <summary>Parses an IPv4 or IPv6 literal (not a host name); strict dotted-quad for IPv4.</summary>
    public static bool TryParseLiteral(string? value, out IPAddress? address)
    {
        address = null;
        switch (Classify(value))
        {
            case AddressKind.Ipv4:
                return TryParseStrictIpv4(value!, out address);
            case AddressKind.Ipv6:
                return IPAddress.TryParse(value, out address);
            default:
                return false;
        }
    }

    /// <summary>Human description of what a node address may be, for error messages.</summary>
    public const string Expectation =
        "expected an IPv4 address (192.0.2.10), an IPv6 address (2001:db8::10) or a host name (node1.example.com)";

    private static bool TryParseStrictIpv4(string value, out IPAddress? address)
    {
        address = null;
        string[] parts = value.Split('.');
        if (parts.Length != 4) return false;
        var bytes = new byte[4];
        for (int i = 0; i < 4; i++)
        {
            string part = parts[i];
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0')) return false;
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int octet) || octet > 255) return false;
            bytes[i] = (byte)octet;
        }

        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>RFC 1123 host name; underscores are tolerated because /etc/hosts entries use them.</summary>
    private static bool IsHostName(string value)
    {
        string trimmed = value.EndsWith('.') ? value[..^1] : value;
        if (trimmed.Length == 0) return false;
        foreach (string label in trimmed.Split('.'))
        {
            if (label.Length is 0 or > 63) return false;
            if (label[0] == '-' || label[^1] == '-') return false;
            if (!label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_')) return false;
        }

        return true;
    }
}
