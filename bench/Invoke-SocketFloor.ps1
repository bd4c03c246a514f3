<#
.SYNOPSIS
    What a get_status request costs the client's CPU at the socket level (issue 13): .NET's async sockets, one select
    loop (curl -Z's model), and FoscamPS's CamTransport with and without its socket loop, over the same emulated cameras.
.EXAMPLE
    dotnet pwsh ./bench/Invoke-SocketFloor.ps1 -EmulatorPath out/emulator/FoscamPS.Emulator.dll
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [int] $Count = 1000,
    [int] $ThrottleLimit = 64,
    [int] $Runs = 12,
    [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1')
$project = Join-Path $PSScriptRoot 'FoscamPS.SocketFloor/FoscamPS.SocketFloor.csproj'
& dotnet build $project -c Release -v q -clp:ErrorsOnly | Out-Host
if ($LASTEXITCODE) { throw 'build failed' }
$exe = Join-Path $PSScriptRoot 'FoscamPS.SocketFloor/bin/Release/net10.0/FoscamPS.SocketFloor.dll'
$emu = Start-BenchEmulator -EmulatorPath $EmulatorPath -Count $Count -LatencyMs 50
$bases = [IO.Path]::GetTempFileName()
try {
    $emu.Addresses | Set-Content $bases
    $cases = @(
        @{ Name = '.NET async sockets (connect, send, read to close)'; Mode = 'async'; Loop = $null }
        @{ Name = 'one select loop (curl -Z''s model)'; Mode = 'select'; Loop = $null }
        @{ Name = 'CamTransport, socket loop'; Mode = 'transport'; Loop = $null }
        @{ Name = 'CamTransport, runtime sockets (FOSCAMPS_SOCKET_LOOP=0)'; Mode = 'transport'; Loop = '0' }
    )
    $rows = foreach ($case in $cases) {
        $env:FOSCAMPS_SOCKET_LOOP = $case.Loop
        $lines = & dotnet $exe $bases $case.Mode $Runs $ThrottleLimit
        if ($LASTEXITCODE) { throw "$($case.Mode) failed" }
        $env:FOSCAMPS_SOCKET_LOOP = $null
        # The second half of the runs: the JIT has done its work by then.
        $steady = $lines | Select-Object -Skip ([Math]::Floor($Runs / 2)) | ForEach-Object {
            if ($_ -notmatch 'wall ([\d.]+) s, CPU ([\d.]+) s, context switches (\d+), pool work items (\d+), allocated (\d+)') { throw "unexpected line: $_" }
            [pscustomobject]@{ Wall = [double]$Matches[1]; Cpu = [double]$Matches[2]; Switches = [long]$Matches[3]; Items = [long]$Matches[4]; Bytes = [long]$Matches[5] }
        }
        $median = { param($values) $s = @($values | Sort-Object); $s[[Math]::Floor($s.Count / 2)] }
        '| {0} | {1:0.000} | {2:0.000} | {3:n0} | {4:n0} | {5:n0} |' -f $case.Name, (& $median $steady.Wall), (& $median $steady.Cpu), (& $median $steady.Switches), (& $median $steady.Items), (& $median $steady.Bytes)
    }
    $table = @(
        "$Count get_status requests, $ThrottleLimit at a time, 50 ms cameras; median of runs $([Math]::Floor($Runs / 2) + 1)-$Runs"
        ''
        '| client | wall s | CPU s | context switches | pool work items | bytes allocated per request |'
        '|---|---|---|---|---|---|'
        $rows
    )
    $table | Write-Output
    if ($OutFile) { $table | Set-Content $OutFile }
}
finally {
    Stop-BenchEmulator $emu
    Remove-Item $bases -ErrorAction SilentlyContinue
}
