namespace MedPortal.Core;

/// <summary>Marker type for the MedPortal domain assembly.</summary>
public static class CoreAssembly;
