#Requires -Version 7.2
<#
.SYNOPSIS
    Rewrites the description of the base parameters every camera cmdlet inherits (-TimeoutSec, -RetryCount) in
    every docs/<Cmdlet>.md, so the wording is the same everywhere. Run it after adding a cmdlet's help:
    dotnet pwsh ./tools/Update-BaseParameterDocs.ps1
.DESCRIPTION
    Only the first paragraph under "### -TimeoutSec" / "### -RetryCount" is replaced; a cmdlet-specific second
    paragraph (before the yaml block) is kept.
#>
[CmdletBinding()]
param([string] $DocsPath = (Join-Path $PSScriptRoot '../docs'))

$ErrorActionPreference = 'Stop'
$text = @{
    'TimeoutSec' = 'How long, in seconds, a camera may take to answer (1 to 3600). This is a promise you can plan with: a camera that stays silent costs at most this many seconds plus one in total, retries included, then fails with the error id CameraTimeout while the other cameras carry on.'
    'RetryCount' = 'How many times a request is repeated after a fast failure (0 to 10): the connection was refused or reset, or a read was answered with HTTP 5xx at once. Retries wait a short randomised delay (about 0.1 s, 0.2 s, 0.4 s...) and share the camera''s -TimeoutSec budget (the timeout plus one second in total); a timeout is never retried. Each request decides by what it does: reads are repeated; changes and actions (settings, reboot, camera moves, uploads) only when the connection was never made, so the camera cannot have received them. Once a camera has failed, the rest of this command''s work for it is skipped with a warning.'
}
$changed = 0
foreach ($file in Get-ChildItem $DocsPath -Filter '*.md') {
    $lines = [System.Collections.Generic.List[string]](Get-Content $file.FullName)
    $dirty = $false
    foreach ($name in $text.Keys) {
        $at = $lines.IndexOf("### -$name")
        if ($at -lt 0) { continue }
        # skip blank lines to the first paragraph, replace it (up to the next blank line)
        $start = $at + 1
        while ($start -lt $lines.Count -and $lines[$start].Trim() -eq '') { $start++ }
        if ($start -ge $lines.Count -or $lines[$start].StartsWith('```')) { continue }
        $end = $start
        while ($end + 1 -lt $lines.Count -and $lines[$end + 1].Trim() -ne '') { $end++ }
        $old = ($lines.GetRange($start, $end - $start + 1)) -join "`n"
        if ($old -ne $text[$name]) {
            $lines.RemoveRange($start, $end - $start + 1)
            $lines.Insert($start, $text[$name])
            $dirty = $true
        }
    }
    if ($dirty) {
        Set-Content -Path $file.FullName -Value $lines -Encoding utf8NoBOM
        $changed++
        Write-Verbose "updated $($file.Name)"
    }
}
"$changed file(s) updated"
