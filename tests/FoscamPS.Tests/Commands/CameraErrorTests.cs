using System.Net.Sockets;
using FoscamPS.Commands;
using FoscamPS.Fleet;
using FoscamPS.Protocol;
using Xunit;

namespace FoscamPS.Tests.Commands;

/// <summary>
/// A name that no session and no registration has is tried as a host name; when DNS then fails, the per-camera error
/// says the name matched nothing (a typo is likelier than a DNS fault). The transport's own mapping of the socket error
/// is used, so the test follows what a real lookup failure produces; no lookup is made (tests stay on loopback).
/// </summary>
public class CameraErrorTests
{
    private static CamSession Transient(string name, bool triedAsHostName)
        => new CamSession(name, CamAddress.Parse(name), null) { TriedAsHostName = triedAsHostName };

    private static System.Exception Mapped(SocketError code, string camera)
        => CamTransport.MapNetwork(new SocketException((int)code), camera, "get_status.cgi", null, duringBody: false);

    [Theory]
    [InlineData(SocketError.HostNotFound)]
    [InlineData(SocketError.TryAgain)]
    [InlineData(SocketError.NoData)]
    public void UnknownNameThatDnsCannotResolve_SaysNoSessionOrRegistrationHasIt(SocketError code)
    {
        var record = CamCmdlet.CreateCameraError(Mapped(code, "lobyy-1:80"), Transient("lobyy-1", true));
        Assert.Equal("CameraUnreachable", record.FullyQualifiedErrorId);
        Assert.Contains("could not be resolved (DNS)", record.ErrorDetails.Message);
        Assert.Contains("No connected session and no registered camera is named 'lobyy-1' either, so it was tried as a host name.", record.ErrorDetails.Message);
        Assert.Contains("Get-CamRegistration", record.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void AHostThatResolvedButRefused_OrAnAddressGivenAsSuch_KeepsThePlainMessage()
    {
        var refused = CamCmdlet.CreateCameraError(Mapped(SocketError.ConnectionRefused, "lobyy-1:80"), Transient("lobyy-1", true));
        Assert.DoesNotContain("tried as a host name", refused.ErrorDetails.Message);
        Assert.DoesNotContain("Get-CamRegistration", refused.ErrorDetails.RecommendedAction);

        var address = CamCmdlet.CreateCameraError(Mapped(SocketError.HostNotFound, "cam.example.invalid:80"), Transient("cam.example.invalid", false));
        Assert.DoesNotContain("tried as a host name", address.ErrorDetails.Message);
        Assert.Contains("could not be resolved (DNS)", address.ErrorDetails.Message);
    }
}
