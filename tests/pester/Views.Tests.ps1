#Requires -Modules Pester
# Default views of every format file the module ships (FoscamPS.Format.ps1xml and each area's own file): tables fit
# an 80-column console, the camera comes first, wide detail lives in list views. Static checks of the XML, so
# views added by any branch are covered as soon as they are in the built module.

BeforeDiscovery {
    $moduleDir = Split-Path $env:FOSCAMPS_TEST_MODULE -Parent
    $script:tableCases = foreach ($file in Get-ChildItem $moduleDir -Filter '*.Format.ps1xml') {
        [xml] $doc = Get-Content -Raw $file.FullName
        foreach ($view in $doc.Configuration.ViewDefinitions.View) {
            if (-not $view.PSObject.Properties['TableControl']) { continue }
            $selected = if ($view.ViewSelectedBy.PSObject.Properties['TypeName']) { @($view.ViewSelectedBy.TypeName) -join ', ' } else { @($view.ViewSelectedBy.SelectionSetName) -join ', ' }
            @{ File = $file.Name; View = $view.Name; Selected = $selected; Xml = $view.OuterXml }
        }
    }
    $script:fileCases = @(Get-ChildItem $moduleDir -Filter '*.Format.ps1xml' | ForEach-Object { @{ File = $_.Name } })
}

BeforeAll {
    $script:moduleDir = Split-Path $env:FOSCAMPS_TEST_MODULE -Parent
    $script:manifest = Import-PowerShellDataFile $env:FOSCAMPS_TEST_MODULE
}

Describe 'Format file <File>' -ForEach $fileCases {
    It 'is listed in FormatsToProcess' {
        $manifest.FormatsToProcess | Should -Contain $File
    }
}

Describe 'Table view <View> (<Selected>) in <File>' -ForEach $tableCases {
    BeforeAll {
        [xml] $x = $Xml
        $script:headers = @($x.View.TableControl.TableHeaders.TableColumnHeader)
        $script:items = @($x.View.TableControl.TableRowEntries.TableRowEntry | Select-Object -First 1 | ForEach-Object { $_.TableColumnItems.TableColumnItem })
    }

    It 'fits 80 columns: declared widths + one space between columns + 10 for each column without a width' {
        $declared = ($headers | Where-Object { $_.PSObject.Properties['Width'] } | ForEach-Object { [int] $_.Width } | Measure-Object -Sum).Sum
        $free = @($headers | Where-Object { -not $_.PSObject.Properties['Width'] }).Count
        $total = $declared + ($headers.Count - 1) + 10 * $free
        $total | Should -BeLessOrEqual 80 -Because "the columns $(($headers | ForEach-Object { if ($_.PSObject.Properties['Label']) { $_.Label } else { '?' } }) -join ', ') need $total characters; move detail to the list view"
    }

    It 'leaves only the last column without a width' {
        for ($i = 0; $i -lt $headers.Count - 1; $i++) {
            $headers[$i].PSObject.Properties['Width'] | Should -Not -BeNullOrEmpty -Because "column $($i + 1) needs a Width so the table is predictable"
        }
    }

    It 'has a header for every column item' {
        $items.Count | Should -Be $headers.Count
    }

    It 'shows the camera first (or is grouped by camera)' {
        [xml] $x = $Xml
        $first = $headers[0]
        $label = if ($first.PSObject.Properties['Label']) { $first.Label } else { $items[0].PropertyName }
        $groupedByCamera = $x.View.PSObject.Properties['GroupBy'] -and ($x.View.GroupBy.PropertyName -eq 'Camera')
        # Store descriptions, schedules (New-CamSchedule) and the audit's per-check fleet summary (Test-CamSecurity
        # -Summary Check: one line per check over all cameras) describe no single camera; every other view starts with it.
        if (-not $groupedByCamera -and $Selected -notmatch 'CredentialStore|CamSchedule|CamSecurityCheckSummary') {
            $label | Should -BeIn @('Camera', 'Name') -Because 'the camera comes first'
        }
    }
}

Describe 'Output types travel with their camera (jobs, remoting, child runbooks)' {
    BeforeDiscovery {
        Import-Module $env:FOSCAMPS_TEST_MODULE -Force
        $script:cameraTypeCases = @(
            (Get-Module FoscamPS).ExportedCmdlets.Values | ForEach-Object { $_.OutputType } | Where-Object { $_.Type } | ForEach-Object { $_.Type } |
                Sort-Object FullName -Unique | Where-Object { $_.GetProperty('Camera') } | ForEach-Object { @{ TypeName = $_.FullName } })
    }

    BeforeAll {
        Import-Module $env:FOSCAMPS_TEST_MODULE -Force
    }

    It '<TypeName> keeps Camera.Name and Camera.Address at the default serialization depth' -ForEach $cameraTypeCases {
        $type = (Get-Module FoscamPS).ImplementingAssembly.GetType($TypeName, $true)
        $obj = [System.Runtime.CompilerServices.RuntimeHelpers]::GetUninitializedObject($type)
        $ctor = [FoscamPS.Fleet.CamSession].GetConstructors([Reflection.BindingFlags]'Instance, NonPublic') | Select-Object -First 1
        $session = $ctor.Invoke(@('site-cam', [FoscamPS.Protocol.CamAddress]::Parse('192.0.2.10:81'), $null, $null))
        $type.GetProperty('Camera').SetValue($obj, $session)
        $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($obj))
        $copy.Camera.Name | Should -Be 'site-cam' -Because "FoscamPS.Types.ps1xml needs SerializationDepth 2 for $TypeName"
        "$($copy.Camera.Address)" | Should -Be '192.0.2.10:81'
    }
}

Describe 'Default table views of live objects: only the last column may be cut at 80 columns' {
    # The static checks above read the XML; this renders what cameras really send (the emulator) through each Get-* and
    # Test-* cmdlet's default view, as a console of 80 columns shows it, so a value the module formats (a date, an
    # enum, a field name) that is wider than its column is caught: PowerShell cuts it with '…', losing its end (a
    # DateTimeOffset column once lost its offset this way). User data longer than its column (an SSID, a host name) is
    # the user's; the emulator's defaults fit.
    BeforeDiscovery {
        Import-Module $env:FOSCAMPS_TEST_MODULE -Force
        $script:liveCases = @(Get-Command -Module FoscamPS -Verb Get, Test | Where-Object {
                $_.Parameters.ContainsKey('Camera') -and -not ($_.Parameters.Values | Where-Object { $_.Name -ne 'Camera' -and $_.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] -and $_.Mandatory }) })
            } | ForEach-Object { @{ Command = $_.Name } })
    }

    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module $env:FOSCAMPS_TEST_MODULE -Force
        $script:emu = Start-TestEmulator -Count 2
        $script:cred = New-TestCredential -UserName 'admin' -Password ''
        $script:sessions = @(Connect-Cam -Camera ($emu.Cameras | ForEach-Object Address) -Credential $cred)
    }

    AfterAll {
        Disconnect-Cam -All -ErrorAction SilentlyContinue
        Stop-TestEmulator $emu
    }

    It '<Command>' -ForEach $liveCases {
        $out = @(& $Command -Camera $sessions -WarningAction SilentlyContinue -ErrorAction Stop)
        $lines = @($out | Format-Table | Out-String -Width 80 -Stream)
        $cut = for ($i = 1; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -notmatch '^-+( +-+)*\s*$') { continue }
            # The dashes under the headers give each column's span; rows follow until a blank line (a new table or group).
            $lastStart = ([regex]::Matches($lines[$i], '-+') | Select-Object -Last 1).Index
            for ($k = $i + 1; $k -lt $lines.Count -and $lines[$k].Trim(); $k++) {
                $at = $lines[$k].IndexOf([char] 0x2026)
                if ($at -ge 0 -and $at -lt $lastStart) { $lines[$k] }
            }
        }
        $cut | Should -BeNullOrEmpty -Because "a column before the last was cut:`n$($lines -join "`n")"
    }
}
