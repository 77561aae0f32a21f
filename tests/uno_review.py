"""Run by Debian's python3 (python3-uno): open a DOCX in a headless LibreOffice, accept or
reject every tracked change (.uno:AcceptAllTrackedChanges / .uno:RejectAllTrackedChanges)
and save the text, then each footnote's text ("fotnot: …", which the text export leaves
out). Usage: uno_review.py accept|reject IN.docx OUT.txt PROFILE_DIR"""

import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main():
    action, src, out, profile = sys.argv[1:5]
    pipe = f"review{os.getpid()}"
    office = subprocess.Popen(["soffice", "--headless", "--norestore", "--nologo",
                               f"-env:UserInstallation=file://{profile}",
                               f"--accept=pipe,name={pipe};urp;"])
    try:
        resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext())
        for _ in range(120):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.5)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)),
                                           "_blank", 0, (prop("Hidden", True),))
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        frame = doc.getCurrentController().getFrame()
        command = ".uno:AcceptAllTrackedChanges" if action == "accept" else ".uno:RejectAllTrackedChanges"
        dispatcher.executeDispatch(frame, command, "", 0, ())
        # LibreOffice counts the captions (SEQ fields) again when it is idle, which a loaded
        # machine may not reach before the export: "reject all" of a replaced table then
        # gave "Tabell 2" for the only caption left. Update the fields, as the idle does.
        doc.getTextFields().refresh()
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out)),
                       (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF")))
        notes = doc.getFootnotes()
        with open(out, "a", encoding="utf-8") as f:
            for index in range(notes.getCount()):
                f.write(f"fotnot: {notes.getByIndex(index).getString()}\n")
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


main()
