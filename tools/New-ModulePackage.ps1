#Requires -Version 7.2
<#
.SYNOPSIS
    Packages the built module: FoscamPS.zip (Azure Automation layout) and FoscamPS.<version>.nupkg (PowerShell
    Gallery / any NuGet v2 or file repository).
.DESCRIPTION
    Stages <ModulePath> (the folder build.ps1 -Task Build assembled: psd1, dll, formats, en-US help) as FoscamPS/,
    sets the manifest's ReleaseNotes to the section of CHANGELOG.md for the module's version and adds LICENSE, then
      - writes FoscamPS.zip with FoscamPS/ at its root (what Azure Automation's "Add a module" expects: no
        dependencies, no native files, every path under 140 characters), and
      - packs the staged folder with Compress-PSResource (PSResourceGet, shipped with PowerShell 7.4+), which
        runs the same manifest validation as Publish-PSResource to the PowerShell Gallery.
    Returns the paths of both files.
.EXAMPLE
    ./tools/New-ModulePackage.ps1 -ModulePath out/FoscamPS/0.1.0 -OutputPath out
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [string] $RepositoryRoot = (Split-Path $PSScriptRoot -Parent)
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$ModulePath = (Resolve-Path $ModulePath).Path
$manifestFile = Join-Path $ModulePath 'FoscamPS.psd1'
$version = (Import-PowerShellDataFile $manifestFile).ModuleVersion
$null = New-Item -ItemType Directory -Force $OutputPath
$OutputPath = (Resolve-Path $OutputPath).Path

# 1. Release notes: the CHANGELOG.md section "## <version>".
$changelog = Get-Content -Raw (Join-Path $RepositoryRoot 'CHANGELOG.md')
$section = [regex]::Match($changelog, "(?ms)^## $([regex]::Escape($version))\s*$\r?\n(?<body>.*?)(?=^## |\z)")
if (-not $section.Success) { throw "CHANGELOG.md has no '## $version' section: add the release notes of $version first." }
$notes = $section.Groups['body'].Value.Trim()

# 2. Stage FoscamPS/ (a fresh folder: nothing stale gets in).
$stage = Join-Path ([IO.Path]::GetTempPath()) "FoscamPS-package-$([guid]::NewGuid().ToString('N'))"
$moduleStage = Join-Path $stage 'FoscamPS'
try {
    $null = New-Item -ItemType Directory -Force $moduleStage
    Copy-Item (Join-Path $ModulePath '*') $moduleStage -Recurse
    Copy-Item (Join-Path $RepositoryRoot 'LICENSE') (Join-Path $moduleStage 'LICENSE')
    $stagedManifest = Join-Path $moduleStage 'FoscamPS.psd1'
    $text = Get-Content -Raw $stagedManifest
    $pattern = "(?m)^(?<indent>\s*)ReleaseNotes\s*=\s*'(?:[^']|'')*'"
    if ($text -notmatch $pattern) { throw 'FoscamPS.psd1 has no single-quoted ReleaseNotes line to fill in.' }
    $escaped = $notes.Replace("'", "''")
    $text = [regex]::Replace($text, $pattern, { param($m) "$($m.Groups['indent'].Value)ReleaseNotes = '$escaped'" })
    Set-Content -Path $stagedManifest -Value $text -Encoding utf8NoBOM -NoNewline
    $null = Test-ModuleManifest $stagedManifest

    # 3. Azure Automation zip: FoscamPS/ at the root.
    $zip = Join-Path $OutputPath 'FoscamPS.zip'
    if (Test-Path $zip) { Remove-Item $zip -Force }
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    [IO.Compression.ZipFile]::CreateFromDirectory($moduleStage, $zip, [IO.Compression.CompressionLevel]::Optimal, $true)
    $tooLong = @([IO.Compression.ZipFile]::OpenRead($zip) | ForEach-Object { try { $_.Entries | Where-Object { $_.FullName.Length -ge 140 } | ForEach-Object FullName } finally { $_.Dispose() } })
    if ($tooLong.Count -gt 0) { throw "Paths of 140 characters or more in FoscamPS.zip: $($tooLong -join ', ')" }

    # 4. nupkg (same validation as a Gallery publish).
    Get-ChildItem $OutputPath -Filter 'FoscamPS.*.nupkg' | Remove-Item -Force
    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    Compress-PSResource -Path $moduleStage -DestinationPath $OutputPath
    $nupkg = Join-Path $OutputPath "FoscamPS.$version.nupkg"
    if (-not (Test-Path $nupkg)) { throw "Compress-PSResource did not write $nupkg." }
    [pscustomobject]@{ Zip = $zip; NuGetPackage = $nupkg; Version = $version }
}
finally {
    Remove-Item $stage -Recurse -Force -ErrorAction SilentlyContinue
}
