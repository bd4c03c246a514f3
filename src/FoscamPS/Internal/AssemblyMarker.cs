namespace FoscamPS.Internal
{
    /// <summary>Marker type for locating the module assembly.</summary>
    public static class AssemblyMarker { }
}
