using FoscamPS.Protocol;

namespace FoscamPS.Model
{
    /// <summary>The camera a result came from. Every FoscamPS output carries one, so outputs pipe into -Camera.</summary>
    public interface ICamera
    {
        string Name { get; }
        CamAddress Address { get; }
        string? CameraId { get; }
    }
}
