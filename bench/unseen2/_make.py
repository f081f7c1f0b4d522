"""Regenerate the held2 statement files and EXPECTED.tsv: ``python _make.py``.

Each writer builds one file in the shape a real bank/card issuer/fintech exports and registers
the booked rows (file order, signed from the account holder's view) from which EXPECTED.tsv is
computed, so the expectations cannot drift from the files.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import openpyxl

OUT = Path(__file__).resolve().parent
EXP: list[dict] = []
COLS = ["file", "set", "rows", "first_date", "first_amount", "last_date", "last_amount", "net",
        "money_in_rows", "currency", "currency_named", "account", "notes"]


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def fnum(x, th=",", dp=".", dec=2) -> str:
    x = abs(D(str(x)))
    s = f"{x:,.{dec}f}"
    return s.replace(",", "\0").replace(".", dp).replace("\0", th)


def sfnum(x, th=",", dp=".", dec=2) -> str:
    return ("-" if D(str(x)) < 0 else "") + fnum(x, th, dp, dec)


def running(opening, tx, i=1):
    b, out = D(str(opening)), []
    for t in tx:
        b += D(str(t[i]))
        out.append(b)
    return out


def reg(name, rows, currency, named, account, notes):
    """rows: [(iso date, amount)] booked, in file order."""
    amts = [D(str(a)) for _d, a in rows]
    EXP.append(dict(file=name, set="held2", rows=len(rows), first_date=rows[0][0],
                    first_amount=str(amts[0]), last_date=rows[-1][0], last_amount=str(amts[-1]),
                    net=str(sum(amts, D(0))), money_in_rows=sum(1 for a in amts if a > 0),
                    currency=currency, currency_named="yes" if named else "no",
                    account=account, notes=notes))


def write(name, lines, enc="utf-8", nl="\r\n", bom=False):
    data = nl.join(lines) + nl
    raw = data.encode(enc)
    if bom:
        raw = b"\xef\xbb\xbf" + raw
    (OUT / name).write_bytes(raw)


def q(s) -> str:
    return '"' + str(s).replace('"', '""') + '"'


def qrow(cells, sep=",") -> str:
    return sep.join(q(c) for c in cells)


# ---------------------------------------------------------------- Latin America

def mx_bbva():
    tx = [("2024-03-01", "-1250.00", "OXXO SUC 1234 CDMX"), ("2024-03-04", "-3499.00", "LIVERPOOL POLANCO"),
          ("2024-03-15", "18500.00", "SPEI RECIBIDO NOMINA EMPRESA SA DE CV"),
          ("2024-03-18", "-612.40", "CFE SUMINISTRADOR DE SERVICIOS"),
          ("2024-03-22", "-1850.75", "WALMART SUPERCENTER"), ("2024-03-29", "-299.00", "NETFLIX.COM")]
    bal = running("23750.00", tx)
    rows = list(zip(tx, bal))[::-1]  # newest first
    lines = ["Cuenta:,0123456789", "Periodo:,01/03/2024 - 31/03/2024", "",
             "Fecha,Descripción,Cargo,Abono,Saldo"]
    for (ds, a, t), b in rows:
        a = D(a)
        lines.append(",".join([d(ds).strftime("%d/%m/%Y"), q(t),
                               q("$" + fnum(a)) if a < 0 else "", q("$" + fnum(a)) if a > 0 else "",
                               q("$" + fnum(b))]))
    write("mx_bbva.csv", lines, enc="cp1252")
    reg("mx_bbva.csv", [(r[0][0], r[0][1]) for r in rows], "MXN", False, "0123456789",
        "cp1252, preamble Cuenta/Periodo, Cargo/Abono/Saldo with '$1,250.00' cells, newest first")


ES_MON = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"]


def mx_banamex_card():
    tx = [("2024-08-26", "-1299.00", "AMAZON MX MARKETPLACE"), ("2024-08-28", "-845.50", "CHEDRAUI SELECTO"),
          ("2024-08-30", "-215.00", "UBER *TRIP"), ("2024-09-02", "5000.00", "PAGO RECIBIDO GRACIAS"),
          ("2024-09-05", "-2399.90", "PALACIO DE HIERRO"), ("2024-09-07", "-149.00", "SPOTIFY MEXICO")]
    lines = ["Fecha,Descripción,Importe"]
    for ds, a, t in tx:
        x = d(ds)
        dd = f"{x.day:02d}-{ES_MON[x.month-1]}-{x.year}"
        printed = -D(a)
        lines.append(",".join([dd, q(t), q(("-" if printed < 0 else "") + "$" + fnum(printed))]))
    write("mx_banamex_card.csv", lines)
    reg("mx_banamex_card.csv", [(t[0], t[1]) for t in tx], "MXN", False, "",
        "card: charges positive '$1,299.00', payment '-$5,000.00'; Spanish month-name dates '28-ago-2024'")


def ar_galicia():
    tx = [("2024-05-02", "-45800.00", "COMPRA DEBITO COTO CICSA"), ("2024-05-03", "-12500.50", "PAGO SERVICIOS EDESUR"),
          ("2024-05-06", "850000.00", "ACREDITAMIENTO HABERES"), ("2024-05-10", "-120000.00", "TRANSFERENCIA A TERCEROS"),
          ("2024-05-14", "-3250.75", "IMPUESTO LEY 25.413 DEB"), ("2024-05-20", "-67890.00", "DEBITO AUTOMATICO VISA")]
    bal = running("215430.20", tx)
    rows = list(zip(tx, bal))[::-1]
    lines = ["Fecha;Descripción;Origen;Débitos;Créditos;Saldo"]
    for (ds, a, t), b in rows:
        a = D(a)
        lines.append(";".join([d(ds).strftime("%d/%m/%Y"), t, "Suc. 123",
                               fnum(a, ".", ",") if a < 0 else "", fnum(a, ".", ",") if a > 0 else "",
                               fnum(b, ".", ",")]))
    write("ar_galicia.csv", lines)
    reg("ar_galicia.csv", [(r[0][0], r[0][1]) for r in rows], "ARS", False, "",
        "semicolon, dot thousands comma decimals, Débitos/Créditos/Saldo, newest first, constant Origen column")


def cl_bancoestado():
    tx = [("2024-06-03", "-12990", "COMPRA LIDER EXPRESS"), ("2024-06-05", "-45000", "GIRO CAJERO AUTOMATICO"),
          ("2024-06-10", "850000", "ABONO REMUNERACIONES"), ("2024-06-12", "-28450", "PAGO ENEL DISTRIBUCION"),
          ("2024-06-20", "-150000", "TRANSFERENCIA A JUAN PEREZ"), ("2024-06-27", "-7590", "COMPRA COPEC")]
    bal = running("312480", tx)
    lines = ["Cartola Histórica", "Cuenta RUT N° 12345678", "",
             "Fecha;N° Operación;Descripción;Cargos ($);Abonos ($);Saldo ($)"]
    for i, ((ds, a, t), b) in enumerate(zip(tx, bal)):
        a = D(a)
        lines.append(";".join([d(ds).strftime("%d/%m/%Y"), str(40012300 + i * 7), t,
                               "$" + fnum(a, ".", ",", 0) if a < 0 else "",
                               "$" + fnum(a, ".", ",", 0) if a > 0 else "", "$" + fnum(b, ".", ",", 0)]))
    deb = sum(-D(a) for _x, a, _t in tx if D(a) < 0)
    cre = sum(D(a) for _x, a, _t in tx if D(a) > 0)
    lines.append(";".join(["", "", "Totales", "$" + fnum(deb, ".", ",", 0), "$" + fnum(cre, ".", ",", 0), ""]))
    write("cl_bancoestado.csv", lines, enc="cp1252")
    reg("cl_bancoestado.csv", [(t[0], t[1]) for t in tx], "CLP", False, "12345678",
        "cp1252, integer pesos with dot thousands '$12.990', Cargos/Abonos ($), Totales line")


def co_bancolombia():
    tx = [("2024-07-01", "-50000.00", "COMPRA EN TIENDA D1 SAS"), ("2024-07-02", "-120500.00", "PAGO PSE EPM"),
          ("2024-07-15", "2850000.00", "PAGO DE NOMI ACME SAS"), ("2024-07-16", "-4500.00", "CUOTA MANEJO"),
          ("2024-07-22", "-300000.00", "RETIRO CAJERO EXITO"), ("2024-07-29", "-89900.00", "COMPRA EN FALABELLA")]
    lines = []
    for i, (ds, a, t) in enumerate(tx):
        lines.append(",".join(["40512345678", "0512", "", d(ds).strftime("%Y%m%d"), "", a,
                               str(1234 + i), t, "0"]))
    write("co_bancolombia.csv", lines)
    reg("co_bancolombia.csv", [(t[0], t[1]) for t in tx], "COP", False, "40512345678",
        "headerless: account, branch, blank, YYYYMMDD, blank, signed amount, code, description, 0")


# ---------------------------------------------------------------- Africa

def za_fnb():
    tx = [("2024-03-01", "-150.00", "POS PURCHASE CHECKERS SANDTON"), ("2024-03-04", "-1250.00", "DEBIT ORDER DISCOVERY"),
          ("2024-03-07", "-65.50", "#MONTHLY ACCOUNT FEE"), ("2024-03-25", "28500.00", "SALARY ACME PTY LTD"),
          ("2024-03-26", "-3200.00", "FNB APP PAYMENT TO LANDLORD"), ("2024-03-28", "-899.99", "POS PURCHASE WOOLWORTHS")]
    bal = running("4312.40", tx)
    lines = ["ACCOUNT TRANSACTIONS", "Name:,MR J SMITH", "Account:,62123456789", "Account Type:,GOLD CHEQUE ACCOUNT",
             "Statement Period:,01 March 2024 to 31 March 2024", "", "Date,Amount,Balance,Description"]
    for (ds, a, t), b in zip(tx, bal):
        lines.append(f"{d(ds).strftime('%Y/%m/%d')}, {a}, {b}, {t}")
    write("za_fnb.csv", lines)
    reg("za_fnb.csv", [(t[0], t[1]) for t in tx], "ZAR", False, "62123456789",
        "preamble (ACCOUNT TRANSACTIONS, Account:), Date,Amount,Balance,Description with leading spaces, YYYY/MM/DD")


def za_capitec():
    # (posting, transaction, in, out, fee, desc)
    tx = [("2024-04-02", "2024-04-01", "", "-245.90", "", "Pick n Pay Rondebosch"),
          ("2024-04-03", "2024-04-03", "", "-500.00", "-10.00", "Cash Withdrawal ATM Capitec"),
          ("2024-04-05", "2024-04-05", "", "-1200.00", "-1.00", "Immediate Payment: Rent J Smit"),
          ("2024-04-08", "2024-04-05", "", "-89.00", "", "Netflix.com"),
          ("2024-04-15", "2024-04-15", "18750.00", "", "", "Salary: Acme Pty Ltd"),
          ("2024-04-30", "2024-04-30", "", "", "-7.50", "Monthly Account Admin Fee")]
    b = D("3521.15")
    lines = ["Nr,Account,Posting Date,Transaction Date,Description,Original Description,Parent Category,"
             "Category,Money In,Money Out,Fee,Balance"]
    rows = []
    for i, (pd, td, mi, mo, fee, t) in enumerate(tx, 1):
        amt = sum((D(x) for x in (mi, mo, fee) if x), D(0))
        b += amt
        rows.append((pd, amt))
        lines.append(",".join([str(i), "1234567890", pd, td, t, t.upper(), "Other", "Other", mi, mo, fee, str(b)]))
    write("za_capitec.csv", lines)
    reg("za_capitec.csv", rows, "ZAR", False, "1234567890",
        "Posting/Transaction Date, Money In/Money Out (negative)/Fee (negative) columns: row = in+out+fee; a fee-only row")


def ng_gtbank():
    tx = [("2024-03-04", "-25000.00", "POS PURCHASE SHOPRITE LEKKI"), ("2024-03-05", "-53.75", "SMS ALERT CHARGES"),
          ("2024-03-08", "450000.00", "NIP TRANSFER FROM ACME NIG LTD SALARY"),
          ("2024-03-11", "-150000.00", "NIP TRANSFER TO ADEBAYO O"), ("2024-03-19", "-10.75", "NIP TRANSFER CHARGE + VAT"),
          ("2024-03-27", "-35500.00", "AIRTIME/DATA MTN")]
    bal = running("182350.40", tx)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Statement"
    ws.append(["GUARANTY TRUST BANK PLC"])
    ws.append(["Account Name", "CHUKWUEMEKA OKAFOR"])
    ws.append(["Account No", "0123456789"])
    ws.append(["Currency", "NGN"])
    ws.append(["Period", "01-Mar-2024 To 31-Mar-2024"])
    ws.append(["Opening Balance", 182350.40])
    ws.append([])
    ws.append(["Trans. Date", "Value. Date", "Reference", "Debits", "Credits", "Balance", "Originating Branch", "Remarks"])
    for i, ((ds, a, t), b) in enumerate(zip(tx, bal)):
        a = D(a)
        ds_txt = d(ds).strftime("%d-%b-%Y")
        ws.append([ds_txt, ds_txt, f"'{982310000 + i}", float(-a) if a < 0 else None, float(a) if a > 0 else None,
                   float(b), "LEKKI BRANCH", t])
        for c in (4, 5, 6):
            ws.cell(ws.max_row, c).number_format = "#,##0.00"
    ws.append([])
    ws.append(["Closing Balance", float(bal[-1])])
    wb.save(OUT / "ng_gtbank.xlsx")
    reg("ng_gtbank.xlsx", [(t[0], t[1]) for t in tx], "NGN", True, "0123456789",
        "XLSX: key/value preamble (Account No, Currency NGN), text dates '04-Mar-2024', Debits/Credits numeric cells, Closing Balance line")


def ke_mpesa():
    tx = [("2024-03-02 08:14:22", "-1500.00", "Pay Bill to 888880 - KPLC PREPAID Acc. 54312345678", "Completed"),
          ("2024-03-05 12:40:03", "25000.00", "Funds received from - 0722XXX123 JOHN KAMAU", "Completed"),
          ("2024-03-05 12:41:50", "-3000.00", "Customer Transfer to - 0711XXX456 MARY WANJIRU", "Failed"),
          ("2024-03-09 19:02:11", "-2350.00", "Merchant Payment to 5123456 - NAIVAS SUPERMARKET", "Completed"),
          ("2024-03-15 07:55:40", "-33.00", "Customer Transfer of Funds Charge", "Completed"),
          ("2024-03-21 16:30:29", "-5000.00", "Customer Withdrawal At Agent Till 123456 - WESTLANDS", "Completed")]
    b = D("4210.50")
    rows = []
    for ts, a, t, st in tx:
        if st == "Completed":
            b += D(a)
        rows.append((ts, a, t, st, b))
    rows = rows[::-1]
    lines = ["M-PESA STATEMENT", "Customer Name:,JANE NJERI", "Mobile Number:,0712XXX789",
             "Statement Period:,01 Mar 2024 - 31 Mar 2024", "",
             "Receipt No.,Completion Time,Details,Transaction Status,Paid In,Withdrawn,Balance"]
    codes = ["SC21AB3XYZ", "SC55KD9QWE", "SC55KE1RTY", "SC97LM2UIO", "SCF3NP4ASD", "SCL8QR5FGH"][::-1]
    for code, (ts, a, t, st, bb) in zip(codes, rows):
        a = D(a)
        lines.append(",".join([code, ts, q(t), st, q(fnum(a)) if a > 0 else "", q("-" + fnum(a)) if a < 0 else "",
                               q(fnum(bb))]))
    write("ke_mpesa.csv", lines)
    reg("ke_mpesa.csv", [(r[0][:10], r[1]) for r in rows if r[3] == "Completed"], "KES", False, "",
        "M-PESA: datetime cells, newest first, Withdrawn printed negative, a Failed row (not booked, balance unchanged)")


# ---------------------------------------------------------------- Turkey, Middle East

def tr_garanti():
    tx = [("2024-03-01", "-1250.45", "MİGROS TİCARET A.Ş. İSTANBUL"), ("2024-03-04", "-389.90", "İGDAŞ FATURA ÖDEMESİ"),
          ("2024-03-07", "42500.00", "MAAŞ ÖDEMESİ ACME A.Ş."), ("2024-03-12", "-8000.00", "FAST GİDEN ÇAĞLA ŞAHİN"),
          ("2024-03-18", "-14.50", "EFT ÜCRETİ BSMV DAHİL"), ("2024-03-25", "-2199.00", "TRENDYOL.COM")]
    bal = running("6234.10", tx)
    lines = ["Hesap Hareketleri", "Hesap No;1234-6299876", "IBAN;TR12 0006 2001 2340 0006 2998 76",
             "Döviz Cinsi;TL", "Tarih Aralığı;01.03.2024 - 31.03.2024", "",
             "Tarih;Açıklama;Etiket;Tutar;Bakiye;Dekont No"]
    for i, ((ds, a, t), b) in enumerate(zip(tx, bal)):
        lines.append(";".join([d(ds).strftime("%d.%m.%Y"), t, "Diğer", sfnum(a, ".", ","), fnum(b, ".", ","),
                               str(55012 + i)]))
    write("tr_garanti.csv", lines, enc="cp1254")
    reg("tr_garanti.csv", [(t[0], t[1]) for t in tx], "TRY", True, "TR120006200123400006299876",
        "cp1254, preamble (Hesap No, IBAN with spaces, Döviz Cinsi TL), DD.MM.YYYY, '-1.250,45' Tutar, Bakiye")


def tr_isbank():
    tx = [("2024-04-01 09:12:44", "-450.00", "POS HARCAMA A101 KADIKÖY"), ("2024-04-03 13:05:10", "-1875.25", "ELEKTRİK FATURASI ENERJİSA"),
          ("2024-04-05 00:02:31", "38000.00", "MAAŞ TAHSİLATI"), ("2024-04-09 18:47:02", "-12000.00", "HAVALE KİRA ÖDEMESİ"),
          ("2024-04-16 11:20:55", "-6.75", "HESAP İŞLETİM ÜCRETİ"), ("2024-04-22 21:33:18", "-999.99", "İNTERNET ALIŞVERİŞ HEPSİBURADA")]
    bal = running("2875.60", tx)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["TÜRKİYE İŞ BANKASI A.Ş."])
    ws.append(["Hesap Hareketleri"])
    ws.append(["Müşteri Adı Soyadı:", "AHMET YILMAZ"])
    ws.append(["Şube / Hesap No:", "1234 / 0567890"])
    ws.append([])
    ws.append(["Tarih/Saat", "Kanal", "Tutar", "Bakiye", "İşlem", "Açıklama"])
    for (ts, a, t), b in zip(tx, bal):
        x = dt.datetime.fromisoformat(ts)
        ws.append([x.strftime("%d/%m/%Y-%H:%M:%S"), "İnternet", float(D(a)), float(b), "Diğer", t])
        ws.cell(ws.max_row, 3).number_format = "#,##0.00"
        ws.cell(ws.max_row, 4).number_format = "#,##0.00"
    wb.save(OUT / "tr_isbank.xlsx")
    reg("tr_isbank.xlsx", [(t[0][:10], t[1]) for t in tx], "TRY", False, "0567890",
        "XLSX: title rows, 'Şube / Hesap No' preamble, text 'DD/MM/YYYY-HH:MM:SS' Tarih/Saat, signed numeric Tutar, Bakiye")


def il_hapoalim():
    tx = [("2024-05-01", "-245.30", "שופרסל דיל רמת גן"), ("2024-05-02", "-1850.00", "הוראת קבע ועד בית"),
          ("2024-05-09", "14250.00", "משכורת אקמה בע\"מ"), ("2024-05-13", "-3500.00", "העברה לחשבון אחר"),
          ("2024-05-20", "-12.90", "עמלת פעולה"), ("2024-05-28", "-689.00", "ישראכרט חיוב חודשי")]
    bal = running("8740.15", tx)
    lines = ["תאריך,תיאור הפעולה,פרטים,אסמכתא,חובה,זכות,יתרה בש''ח,תאריך ערך"]
    for i, ((ds, a, t), b) in enumerate(zip(tx, bal)):
        a = D(a)
        dd = d(ds).strftime("%d/%m/%Y")
        lines.append(",".join([dd, q(t), "", str(9812 + i), q(fnum(a)) if a < 0 else "", q(fnum(a)) if a > 0 else "",
                               q(fnum(b)), dd]))
    write("il_hapoalim.csv", lines, enc="cp1255")
    reg("il_hapoalim.csv", [(t[0], t[1]) for t in tx], "ILS", True, "",
        "cp1255 Hebrew, חובה/זכות columns, balance header 'יתרה בש''ח' names the shekel, DD/MM/YYYY, value date")


def ae_enbd():
    tx = [("2024-02-01", "-125.50", "POS-CARREFOUR MOE DUBAI"), ("2024-02-05", "-850.00", "DEWA BILL PAYMENT"),
          ("2024-02-25", "21500.00", "SALARY CREDIT ACME FZ LLC"), ("2024-02-26", "-6000.00", "RENT CHQ 000123 CLEARED"),
          ("2024-02-27", "-26.25", "REMITTANCE CHARGES INCL VAT"), ("2024-02-29", "-399.00", "ETISALAT POSTPAID")]
    bal = running("3204.80", tx)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Account Statement"])
    ws.append(["Account Number", "1012345678901"])
    ws.append(["Currency", "AED"])
    ws.append(["From", dt.date(2024, 2, 1), "To", dt.date(2024, 2, 29)])
    ws.append([])
    ws.append(["Transaction Date", "Value Date", "Narration", "Debit", "Credit", "Running Balance"])
    for (ds, a, t), b in zip(tx, bal):
        a = D(a)
        ws.append([d(ds), d(ds), t, float(-a) if a < 0 else None, float(a) if a > 0 else None, float(b)])
        for c in (1, 2):
            ws.cell(ws.max_row, c).number_format = "dd/mm/yyyy"
    for c in (2, 4):
        ws.cell(4, c).number_format = "dd/mm/yyyy"
    wb.save(OUT / "ae_enbd.xlsx")
    reg("ae_enbd.xlsx", [(t[0], t[1]) for t in tx], "AED", True, "1012345678901",
        "XLSX: preamble (Account Number, Currency AED, From/To date cells), date cells, Debit/Credit, Running Balance")


def sa_alrajhi():
    tx = [("2024-03-03", "-215.75", "شراء عبر نقاط البيع - بنده"), ("2024-03-06", "-1200.00", "سداد فاتورة - الكهرباء"),
          ("2024-03-10", "-2.30", "رسوم تحويل"), ("2024-03-27", "16800.00", "راتب - شركة أكمي"),
          ("2024-03-28", "-4500.00", "حوالة صادرة - محمد"), ("2024-03-30", "-88.50", "شراء انترنت - نون")]
    bal = running("5120.00", tx)
    lines = ["رقم الحساب,123608010123456", "العملة,SAR", "الفترة,2024/03/01 - 2024/03/31", "",
             "التاريخ,الوصف,مدين,دائن,الرصيد"]
    for (ds, a, t), b in zip(tx, bal):
        a = D(a)
        lines.append(",".join([d(ds).strftime("%Y/%m/%d"), q(t), q(fnum(a)) if a < 0 else q("0.00"),
                               q(fnum(a)) if a > 0 else q("0.00"), q(fnum(b))]))
    write("sa_alrajhi.csv", lines, enc="cp1256")
    reg("sa_alrajhi.csv", [(t[0], t[1]) for t in tx], "SAR", True, "123608010123456",
        "cp1256 Arabic, preamble (رقم الحساب, العملة SAR), مدين/دائن with 0.00 in the empty side, YYYY/MM/DD")


def eg_cib():
    tx = [("2024-06-02", "-1250.00", "POS PURCHASE CARREFOUR MAADI"), ("2024-06-04", "-3400.50", "INSTAPAY TRANSFER"),
          ("2024-06-13", "35000.00", "PAYROLL ACME EGYPT"), ("2024-06-16", "-15.00", "SMS SERVICE FEES"),
          ("2024-06-23", "-8000.00", "ATM WITHDRAWAL CIB ZAMALEK")]
    bal = running("12500.00", tx)
    lines = ["Account Statement", "Account Number,100012345678", "Currency,EGP", "",
             "Booking Date,Value Date,Description,Debit,Credit,Balance"]
    for (ds, a, t), b in zip(tx, bal):
        a = D(a)
        dd = d(ds).strftime("%d %b %Y")
        lines.append(",".join([dd, dd, q(t), q("(" + fnum(a) + ")") if a < 0 else "",
                               q(fnum(a)) if a > 0 else "", q(fnum(b))]))
    write("eg_cib.csv", lines)
    reg("eg_cib.csv", [(t[0], t[1]) for t in tx], "EGP", True, "100012345678",
        "preamble (Account Number, Currency EGP), '02 Jun 2024' dates, Debit printed in parentheses '(1,250.00)'")


# ---------------------------------------------------------------- South-East Europe

def gr_piraeus():
    tx = [("2024-04-02", "-56.40", "ΑΓΟΡΑ ΣΚΛΑΒΕΝΙΤΗΣ ΑΘΗΝΑ"), ("2024-04-05", "-120.00", "ΠΛΗΡΩΜΗ ΔΕΗ"),
          ("2024-04-10", "1450.00", "ΜΙΣΘΟΔΟΣΙΑ ACME ΑΕ"), ("2024-04-15", "-1250.00", "ΜΕΤΑΦΟΡΑ ΕΝΟΙΚΙΟ"),
          ("2024-04-22", "-2.50", "ΠΡΟΜΗΘΕΙΑ ΕΜΒΑΣΜΑΤΟΣ"), ("2024-04-29", "-34.99", "COSMOTE ΛΟΓΑΡΙΑΣΜΟΣ")]
    bal = running("1875.33", tx)
    lines = ["Κινήσεις Λογαριασμού", "Λογαριασμός:;5012-012345-678", "Νόμισμα:;EUR", "",
             "Ημερομηνία;Αιτιολογία;Ποσό;Χ/Π;Υπόλοιπο"]
    for (ds, a, t), b in zip(tx, bal):
        lines.append(";".join([d(ds).strftime("%d/%m/%Y"), t, fnum(a, ".", ","), "Χ" if D(a) < 0 else "Π",
                               fnum(b, ".", ",")]))
    write("gr_piraeus.csv", lines, enc="cp1253")
    reg("gr_piraeus.csv", [(t[0], t[1]) for t in tx], "EUR", True, "5012-012345-678",
        "cp1253 Greek, unsigned Ποσό with a Χ/Π (debit/credit) column, '1.250,00', preamble account and currency")


def ro_bt():
    tx = [("2024-03-04", "-87.35", "Plata la POS KAUFLAND CLUJ"), ("2024-03-06", "-250.00", "Plata factura ENEL"),
          ("2024-03-12", "7850.00", "Incasare OP salariu ACME SRL"), ("2024-03-15", "-1500.00", "Transfer intern catre cont economii"),
          ("2024-03-20", "-3.00", "Comision administrare cont"), ("2024-03-28", "-412.60", "Plata la POS EMAG.RO")]
    bal = running("1120.45", tx)
    iban = "RO49BTRL01301201234567XX"
    lines = ["Extras de cont", f"Cod IBAN:,{iban}", "Titular cont:,POPESCU ION", "Perioada:,01/03/2024 - 31/03/2024",
             "Moneda:,RON", "", "Data tranzactie,Data valuta,Descriere,Referinta tranzactiei,Debit,Credit,Sold contabil",
             qrow(["2024-03-01", "", "Sold initial", "", "", "", fnum("1120.45")])]
    for i, ((ds, a, t), b) in enumerate(zip(tx, bal)):
        a = D(a)
        lines.append(qrow([ds, ds, t, f"BT{7713000 + i}", fnum(a) if a < 0 else "", fnum(a) if a > 0 else "",
                           fnum(b)]))
    deb = sum(-D(a) for _x, a, _t in tx if D(a) < 0)
    cre = sum(D(a) for _x, a, _t in tx if D(a) > 0)
    lines.append(qrow(["", "", "Rulaj total cont", "", fnum(deb), fnum(cre), ""]))
    lines.append(qrow(["2024-03-31", "", "Sold final", "", "", "", fnum(bal[-1])]))
    write("ro_bt.csv", lines)
    reg("ro_bt.csv", [(t[0], t[1]) for t in tx], "RON", True, iban,
        "preamble (IBAN, Moneda RON), 'Sold initial' / 'Rulaj total cont' / 'Sold final' rows inside the table, Debit/Credit")


def bg_dsk():
    tx = [("2024-05-03", "-48.90", "ПОС ПЛАЩАНЕ ЛИДЛ СОФИЯ"), ("2024-05-06", "-1250.00", "ПРЕВОД НАЕМ"),
          ("2024-05-10", "2650.00", "ЗАПЛАТА АКМЕ ЕООД"), ("2024-05-17", "-96.40", "ЕЛЕКТРОХОЛД ПРОДАЖБИ"),
          ("2024-05-31", "-2.20", "ТАКСА ОБСЛУЖВАНЕ")]
    bal = running("1530.75", tx)
    lines = ["Извлечение по сметка", "IBAN:;BG80STSA93000012345678", "Валута:;BGN", "",
             "Дата;Основание;Дебит;Кредит;Наличност"]
    for (ds, a, t), b in zip(tx, bal):
        a = D(a)
        lines.append(";".join([d(ds).strftime("%d.%m.%Y"), t, fnum(a, "\u00a0", ",") if a < 0 else "",
                               fnum(a, "\u00a0", ",") if a > 0 else "", fnum(b, "\u00a0", ",")]))
    write("bg_dsk.csv", lines, enc="cp1251")
    reg("bg_dsk.csv", [(t[0], t[1]) for t in tx], "BGN", True, "BG80STSA93000012345678",
        "cp1251 Bulgarian, no-break-space thousands '1 250,00', Дебит/Кредит/Наличност, IBAN and BGN in preamble")


def hr_zaba():
    tx = [("2024-02-01", "-23.45", "KONZUM ZAGREB"), ("2024-02-05", "-1250.00", "NAJAMNINA STAN"),
          ("2024-02-15", "1680.00", "PLAĆA ACME D.O.O."), ("2024-02-19", "-65.30", "HEP ELEKTRA"),
          ("2024-02-26", "-3.98", "NAKNADA ZA VOĐENJE RAČUNA"), ("2024-02-28", "-19.99", "A1 HRVATSKA")]
    bal = running("2213.08", tx)
    lines = ["Promet po računu", "IBAN:;HR1723600001101234565", "Valuta:;EUR", "",
             "Datum knjiženja;Datum valute;Opis;Isplata;Uplata;Stanje"]
    for (ds, a, t), b in zip(tx, bal):
        a = D(a)
        dd = d(ds).strftime("%d.%m.%Y.")
        lines.append(";".join([dd, dd, t, fnum(a, ".", ",") if a < 0 else "", fnum(a, ".", ",") if a > 0 else "",
                               fnum(b, ".", ",")]))
    write("hr_zaba.csv", lines, enc="cp1250")
    reg("hr_zaba.csv", [(t[0], t[1]) for t in tx], "EUR", True, "HR1723600001101234565",
        "cp1250 Croatian, dates with a trailing dot '01.02.2024.', Isplata/Uplata/Stanje, IBAN and EUR in preamble")


def si_nlb():
    tx = [("2024-06-03", "-42.17", "Mercator d.d.", "Nakup POS"), ("2024-06-05", "-650.00", "Stanovanjsko podjetje", "Najemnina junij"),
          ("2024-06-10", "2140.55", "ACME d.o.o.", "Plača 05/2024"), ("2024-06-14", "-89.90", "Elektro Energija", "Račun št. 2024-0611"),
          ("2024-06-21", "-1250.00", "Žan Kovačič", "Vračilo posojila"), ("2024-06-28", "-4.50", "NLB d.d.", "Nadomestilo za vodenje")]
    lines = ["Datum knjiženja;Datum valute;Prejemnik / plačnik;Namen;Breme;Dobro"]
    for ds, a, who, t in tx:
        a = D(a)
        dd = d(ds).strftime("%d.%m.%Y")
        lines.append(";".join([dd, dd, who, t, fnum(a, ".", ",") if a < 0 else "", fnum(a, ".", ",") if a > 0 else ""]))
    write("si_nlb.csv", lines, enc="cp1250")
    reg("si_nlb.csv", [(t[0], t[1]) for t in tx], "EUR", False, "",
        "cp1250 Slovenian, Breme/Dobro (debit/credit), no balance, DD.MM.YYYY, '1.250,00'")


def sk_tatra():
    # (posting, transaction, amount, desc, counterparty)
    tx = [("2024-03-04", "2024-03-01", "-18.60", "Platba kartou BILLA BRATISLAVA", ""),
          ("2024-03-05", "2024-03-05", "-450.00", "Trvalý príkaz nájom", "SK3111000000002612345678"),
          ("2024-03-08", "2024-03-07", "-35.99", "Platba kartou ALZA.SK", ""),
          ("2024-03-11", "2024-03-11", "1890.00", "Mzda ACME s.r.o.", "SK8975000000000012345671"),
          ("2024-03-18", "2024-03-16", "-62.40", "Platba kartou SHELL", ""),
          ("2024-03-31", "2024-03-31", "-4.90", "Poplatok za vedenie účtu", "")]
    lines = ["Dátum zaúčtovania;Dátum transakcie;Suma;Mena;Popis transakcie;Protistrana"]
    for pd, td, a, t, cp in tx:
        lines.append(";".join([d(pd).strftime("%d.%m.%Y"), d(td).strftime("%d.%m.%Y"), sfnum(a, "", ","), "EUR", t, cp]))
    write("sk_tatra.csv", lines, bom=True)
    reg("sk_tatra.csv", [(t[0], t[2]) for t in tx], "EUR", True, "",
        "BOM, Dátum zaúčtovania (posting) and Dátum transakcie, signed comma amounts, Mena column, counterparty IBAN per row")


# ---------------------------------------------------------------- Baltics

def ee_swedbank():
    acct = "EE382200221020145685"
    tx = [("2024-04-02", "-24.80", "RIMI KADRIORU", "MK"), ("2024-04-05", "-480.00", "ÜÜR APRILL KORTER", "MK"),
          ("2024-04-10", "2350.00", "PALK ACME OÜ", "MK"), ("2024-04-15", "-57.12", "ELEKTRILEVI OÜ ARVE", "MK"),
          ("2024-04-22", "-1.20", "TEENUSTASU", "TT"), ("2024-04-26", "-300.00", "SULARAHA AUTOMAAT", "MK")]
    opening = D("812.40")
    bal = running(opening, tx)
    hdr = ["Kliendi konto", "Reatüüp", "Kuupäev", "Saaja/Maksja", "Selgitus", "Summa", "Valuuta", "Deebet/Kreedit",
           "Arhiveerimistunnus", "Tehingu tüüp", "Viitenumber", "Dokumendi number"]
    lines = [qrow(hdr, ";") + ";"]
    lines.append(qrow([acct, "10", "01.04.2024", "", "Algsaldo", fnum(opening, "", ","), "EUR", "K", "", "AS", "", ""], ";") + ";")
    for i, (ds, a, t, typ) in enumerate(tx):
        a = D(a)
        lines.append(qrow([acct, "20", d(ds).strftime("%d.%m.%Y"), t.split()[0], t, fnum(a, "", ","), "EUR",
                           "D" if a < 0 else "K", f"2024{ds[5:7]}{ds[8:10]}0012345{i}", typ, "", str(100 + i)], ";") + ";")
    deb = sum(-D(a) for _x, a, _t, _y in tx if D(a) < 0)
    cre = sum(D(a) for _x, a, _t, _y in tx if D(a) > 0)
    lines.append(qrow([acct, "82", "30.04.2024", "", "Käive", fnum(deb, "", ","), "EUR", "D", "", "K2", "", ""], ";") + ";")
    lines.append(qrow([acct, "82", "30.04.2024", "", "Käive", fnum(cre, "", ","), "EUR", "K", "", "K2", "", ""], ";") + ";")
    lines.append(qrow([acct, "86", "30.04.2024", "", "lõppsaldo", fnum(bal[-1], "", ","), "EUR", "K", "", "LS", "", ""], ";") + ";")
    write("ee_swedbank.csv", lines)
    reg("ee_swedbank.csv", [(t[0], t[1]) for t in tx], "EUR", True, acct,
        "Swedbank Baltic: Reatüüp 10 opening / 20 transactions / 82 turnovers / 86 closing, unsigned Summa with D/K, own account constant")


def lt_seb():
    acct = "LT127044060001234567"
    tx = [("2024-05-02", "-15.49", "MAXIMA LT, UAB", "", "Pirkinys kortele"),
          ("2024-05-06", "-320.00", "Jonas Jonaitis", "LT601010012345678901", "Nuoma gegužė"),
          ("2024-05-10", "1780.00", "ACME UAB", "LT397300010123456789", "Darbo užmokestis"),
          ("2024-05-14", "-44.90", "IGNITIS UAB", "LT417044060008765432", "Sąskaita 123456"),
          ("2024-05-31", "-2.10", "AB SEB bankas", "", "Paslaugų plano mokestis")]
    lines = [f'"SĄSKAITOS  ({acct}) IŠRAŠAS (su detalia informacija)";',
             '"UŽ LAIKOTARPĮ: 2024-05-01 - 2024-05-31";',
             qrow(["DOK NR.", "DATA", "VALIUTA", "SUMA", "MOKĖTOJO ARBA GAVĖJO PAVADINIMAS", "SĄSKAITA",
                   "MOKĖJIMO PASKIRTIS", "DEBETAS/KREDITAS", "SĄSKAITOS NR", "SĄSKAITOS VALIUTA"], ";") + ";"]
    for i, (ds, a, who, cp, t) in enumerate(tx):
        a = D(a)
        lines.append(qrow([str(51 + i), ds, "EUR", fnum(a, "", ","), who, cp, t, "D" if a < 0 else "C", acct, "EUR"], ";") + ";")
    write("lt_seb.csv", lines)
    reg("lt_seb.csv", [(t[0], t[1]) for t in tx], "EUR", True, acct,
        "two title lines naming the IBAN, unsigned SUMA with DEBETAS/KREDITAS D/C, counterparty SĄSKAITA vs own SĄSKAITOS NR")


# ---------------------------------------------------------------- Ireland, Benelux, Iceland

def ie_aib():
    acct = "934012-12345678"
    tx = [("2024-03-01", "-45.20", "VDP-TESCO STORES", "Debit"), ("2024-03-04", "-1200.00", "D/D RENT LANDLORD", "Debit"),
          ("2024-03-15", "3150.00", "ACME LTD SALARY", "Credit"), ("2024-03-18", "-88.50", "VDP-ELECTRIC IRELAND", "Debit"),
          ("2024-03-22", "-4.50", "MAINTENANCE FEE", "Debit"), ("2024-03-27", "-1250.00", "ATM WITHDRAWAL DAME ST", "Debit")]
    bal = running("2468.91", tx)
    lines = [" Posted Account, Posted Transactions Date, Description1, Description2, Description3, Debit Amount,"
             " Credit Amount, Balance, Posted Currency, Transaction Type, Local Currency Amount, Local Currency"]
    for (ds, a, t, typ), b in zip(tx, bal):
        a = D(a)
        lines.append(",".join([q(acct), d(ds).strftime("%d/%m/%Y"), q(t), "", "", fnum(a, "") if a < 0 else "",
                               fnum(a, "") if a > 0 else "", fnum(b, ""), "EUR", typ, fnum(a, ""), "EUR"]))
    write("ie_aib.csv", lines)
    reg("ie_aib.csv", [(t[0], t[1]) for t in tx], "EUR", True, acct,
        "header names with leading spaces, constant Posted Account, Debit/Credit Amount, unsigned Local Currency Amount, Posted Currency")


def ie_boi():
    tx = [("2024-04-02", "-12.40", "POS TESCO DUNDRUM"), ("2024-04-02", "-65.00", "DD VIRGIN MEDIA"),
          ("2024-04-15", "2890.00", "SALARY ACME IRELAND"), ("2024-04-15", "-1100.00", "365 ONLINE RENT"),
          ("2024-04-15", "-24.99", "POS AMAZON EU"), ("2024-04-23", "-150.00", "ATM CASH GRAFTON ST")]
    bal = running("1642.77", tx)
    lines = ["Date,Details,Debit,Credit,Balance"]
    for i, ((ds, a, t), b) in enumerate(zip(tx, bal)):
        a = D(a)
        last_of_day = i == len(tx) - 1 or tx[i + 1][0] != ds
        lines.append(",".join([d(ds).strftime("%d/%m/%Y"), t, fnum(a, "") if a < 0 else "", fnum(a, "") if a > 0 else "",
                               fnum(b, "") if last_of_day else ""]))
    write("ie_boi.csv", lines)
    reg("ie_boi.csv", [(t[0], t[1]) for t in tx], "EUR", False, "",
        "Debit/Credit, Balance printed only on the last row of each day (blank otherwise), DD/MM/YYYY")


def be_kbc():
    acct = "BE68 7390 1234 5634"
    tx = [("2024-05-02", "-34.70", "BETALING DELHAIZE GENT", "", "DELHAIZE"),
          ("2024-05-03", "-850.00", "OVERSCHRIJVING HUUR MEI", "BE71096123456769", "JANSSENS PIET"),
          ("2024-05-08", "-2.25", "BEHEERSKOSTEN", "", ""),
          ("2024-05-24", "2760.35", "LOON ACME NV", "BE62510007547061", "ACME NV"),
          ("2024-05-27", "-112.80", "DOMICILIERING ENGIE", "BE39001234567819", "ENGIE ELECTRABEL")]
    bal = running("1505.10", tx)
    lines = ["Rekeningnummer;Rubrieknaam;Naam;Munt;Afschriftnummer;Datum;Omschrijving;Valuta;Bedrag;Saldo;credit;"
             "debet;rekeningnummer tegenpartij;BIC tegenpartij;Naam tegenpartij;Adres tegenpartij;"
             "gestructureerde mededeling;Vrije mededeling"]
    for (ds, a, t, cp, nm), b in zip(tx, bal):
        a = D(a)
        dd = d(ds).strftime("%d/%m/%Y")
        lines.append(";".join([acct, "KBC-Plus Rekening", "PEETERS AN", "EUR", "00005", dd, t, dd, sfnum(a, "", ","),
                               sfnum(b, "", ","), fnum(a, "", ",") if a > 0 else "", sfnum(a, "", ",") if a < 0 else "",
                               cp, "", nm, "", "", t]))
    write("be_kbc.csv", lines, enc="cp1252")
    reg("be_kbc.csv", [(t[0], t[1]) for t in tx], "EUR", True, acct,
        "own account constant, Munt EUR, 'Valuta' is a value DATE, signed Bedrag plus credit/debet columns, Saldo")


def lu_bcee():
    acct = "LU28 0019 4006 4475 0000"
    tx = [("2024-03-01", "-56.30", "PAIEMENT CARTE CACTUS BERTRANGE"), ("2024-03-05", "-1450.00", "ORDRE PERMANENT LOYER"),
          ("2024-03-12", "-89.99", "DOMICILIATION POST TELECOM"), ("2024-03-25", "5120.40", "VIREMENT SALAIRE ACME SA"),
          ("2024-03-28", "-1250.00", "VIREMENT EPARGNE"), ("2024-03-31", "-3.00", "FRAIS DE TENUE DE COMPTE")]
    bal = running("3012.55", tx)
    lines = ["Compte:;" + acct, "Période:;01/03/2024 - 31/03/2024", "",
             "Date;Libellé;Montant;Devise;Date valeur;Solde"]
    for (ds, a, t), b in zip(tx, bal):
        dd = d(ds).strftime("%d/%m/%Y")
        lines.append(";".join([dd, t, sfnum(a, ".", ","), "EUR", dd, fnum(b, ".", ",")]))
    write("lu_bcee.csv", lines, enc="cp1252")
    reg("lu_bcee.csv", [(t[0], t[1]) for t in tx], "EUR", True, acct,
        "cp1252, 'Compte:' IBAN with spaces in preamble, signed '-1.450,00' Montant, Devise column, Solde")


def is_landsbankinn():
    tx = [("2024-03-01", "-12500", "Krónan Granda", "Debetkort"), ("2024-03-04", "-245000", "Húsaleiga mars", "Millifærsla"),
          ("2024-03-08", "-8990", "Síminn hf.", "Greiðsluseðill"), ("2024-03-15", "-3400", "Olís Ánanaust", "Debetkort"),
          ("2024-03-29", "685000", "Laun ACME ehf.", "Millifærsla"), ("2024-03-30", "-19750", "Hagkaup Skeifunni", "Debetkort")]
    bal = running("398420", tx)
    lines = ["Dagsetning;Vaxtadagur;Tilvísun;Skýring;Texti;Upphæð;Staða"]
    for i, ((ds, a, t, k), b) in enumerate(zip(tx, bal)):
        dd = d(ds).strftime("%d.%m.%Y")
        lines.append(";".join([dd, dd, str(3012 + i), k, t, sfnum(a, ".", ",", 0), fnum(b, ".", ",", 0)]))
    write("is_landsbankinn.csv", lines, enc="cp1252")
    reg("is_landsbankinn.csv", [(t[0], t[1]) for t in tx], "ISK", False, "",
        "cp1252 Icelandic, whole krónur with dot thousands '-12.500' (not 12.5), Upphæð/Staða, DD.MM.YYYY")


# ---------------------------------------------------------------- Asia-Pacific

def th_kbank():
    tx = [("2024-03-02", "08:15", "-89.00", "ชำระเงิน 7-ELEVEN", "K PLUS"),
          ("2024-03-05", "12:30", "-1250.00", "โอนเงิน นายสมชาย ใจดี", "K PLUS"),
          ("2024-03-10", "19:45", "-450.50", "ชำระค่าไฟฟ้า กฟน.", "K PLUS"),
          ("2024-03-25", "06:00", "35000.00", "รับโอนเงินเดือน บริษัท เอซีเอ็มอี", "SMART"),
          ("2024-03-27", "14:02", "-2000.00", "ถอนเงินสด ATM", "ATM"),
          ("2024-03-30", "21:10", "-359.00", "ชำระเงิน SHOPEE", "K PLUS")]
    bal = running("10284.35", tx, 2)
    lines = ["ชื่อบัญชี,นาย ทดสอบ รักไทย", "เลขที่บัญชี,123-4-56789-0", "รอบระหว่างวันที่,01/03/2024 - 31/03/2024", "",
             "วันที่,เวลา,รายการ,ถอนเงิน,ฝากเงิน,ยอดคงเหลือ,ช่องทาง"]
    for (ds, tm, a, t, ch), b in zip(tx, bal):
        a = D(a)
        lines.append(",".join([d(ds).strftime("%d-%m-%y"), tm, t, q(fnum(a)) if a < 0 else "", q(fnum(a)) if a > 0 else "",
                               q(fnum(b)), ch]))
    write("th_kbank.csv", lines, enc="cp874")
    reg("th_kbank.csv", [(t[0], t[2]) for t in tx], "THB", False, "123-4-56789-0",
        "cp874 Thai, preamble with เลขที่บัญชี, DD-MM-YY dates, separate time column, ถอนเงิน/ฝากเงิน/ยอดคงเหลือ")


def vn_vietcombank():
    tx = [("2024-04-01", "-125000", "TT QR CODE CIRCLE K"), ("2024-04-03", "-1500000", "CHUYEN TIEN NHA THANG 4"),
          ("2024-04-10", "18500000", "LUONG THANG 3 CONG TY ACME"), ("2024-04-12", "-660000", "THANH TOAN EVN HCMC"),
          ("2024-04-20", "-2200", "PHI SMS BANKING"), ("2024-04-25", "-3450000", "MUA HANG SHOPEE")]
    lines = ["SAO KÊ TÀI KHOẢN", "Số tài khoản: 0071001234567", "Loại tiền: VND", "Từ ngày 01/04/2024 đến ngày 30/04/2024", "",
             "STT,Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Mô tả"]
    for i, (ds, a, t) in enumerate(tx, 1):
        a = D(a)
        lines.append(",".join([str(i), d(ds).strftime("%d/%m/%Y"), f"5213.{ds[8:10]}{i:04d}", q(fnum(a, dec=0)) if a < 0 else "",
                               q(fnum(a, dec=0)) if a > 0 else "", q(t)]))
    deb = sum(-D(a) for _x, a, _t in tx if D(a) < 0)
    cre = sum(D(a) for _x, a, _t in tx if D(a) > 0)
    lines.append(",".join(["Tổng số", "", "", q(fnum(deb, dec=0)), q(fnum(cre, dec=0)), ""]))
    write("vn_vietcombank.csv", lines, bom=True)
    reg("vn_vietcombank.csv", [(t[0], t[1]) for t in tx], "VND", True, "0071001234567",
        "BOM, Vietnamese preamble (Số tài khoản, Loại tiền VND), STT row numbers, integer dong '1,500,000', Tổng số total line")


def id_bca():
    tx = [("2024-03-04", "-150000.00", "TRSF E-BANKING DB 0403/FTSCY/WS95031 TOKOPEDIA", "DB"),
          ("2024-03-06", "-50000.00", "TARIKAN ATM 06/03", "DB"),
          ("2024-03-11", "-275500.00", "KARTU DEBIT INDOMARET", "DB"),
          ("2024-03-25", "8500000.00", "TRSF E-BANKING CR 2503/ACME GAJI", "CR"),
          ("2024-03-28", "-15000.00", "BIAYA ADM", "DB")]
    opening = D("2345678.90")
    bal = running(opening, tx)
    lines = ["No. rekening : 1234567890", "Nama : BUDI SANTOSO", "Periode : 01/03/2024 - 31/03/2024",
             "Kode Mata Uang : Rp", "", "Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo"]
    for (ds, a, t, k), b in zip(tx, bal):
        lines.append(",".join(["'" + d(ds).strftime("%d/%m"), t, "0000", q(fnum(a)), k, q(fnum(b))]))
    lines.append(",".join(["PEND", "KARTU DEBIT ALFAMART", "0000", q(fnum("42000.00")), "DB", ""]))
    deb = sum(-D(a) for _x, a, _t, _k in tx if D(a) < 0)
    cre = sum(D(a) for _x, a, _t, _k in tx if D(a) > 0)
    lines += ["", "Saldo Awal : " + q(fnum(opening)), "Mutasi Kredit : " + q(fnum(cre)),
              "Mutasi Debet : " + q(fnum(deb)), "Saldo Akhir : " + q(fnum(bal[-1]))]
    write("id_bca.csv", lines)
    reg("id_bca.csv", [(t[0], t[1]) for t in tx], "IDR", True, "1234567890",
        "BCA: dates \"'04/03\" without a year (year in Periode), unsigned Jumlah then a DB/CR column, a PEND row, Saldo Awal/Akhir footer")


def my_maybank():
    tx = [("2024-05-02", "-45.60", "SALE DEBIT TESCO LOTUS KL"), ("2024-05-06", "-1200.00", "IBG TRANSFER RENT"),
          ("2024-05-10", "-86.95", "JOMPAY TNB"), ("2024-05-24", "5680.00", "SALARY ACME SDN BHD"),
          ("2024-05-27", "-0.50", "IBG SERVICE CHARGE"), ("2024-05-30", "-250.00", "ATM WITHDRAWAL")]
    opening = D("2105.31")
    bal = running(opening, tx)
    lines = ["Maybank2u.com", "Account Number : 114012345678", "Account Type : SAVINGS ACCOUNT-i",
             "Statement Date : 31/05/24", "", "ENTRY DATE,TRANSACTION DESCRIPTION,TRANSACTION AMOUNT,STATEMENT BALANCE",
             ",BEGINNING BALANCE,," + q(fnum(opening))]
    for (ds, a, t), b in zip(tx, bal):
        a = D(a)
        lines.append(",".join([d(ds).strftime("%d/%m/%y"), t, q(fnum(a) + ("-" if a < 0 else "+")), q(fnum(b))]))
    deb = sum(-D(a) for _x, a, _t in tx if D(a) < 0)
    cre = sum(D(a) for _x, a, _t in tx if D(a) > 0)
    lines += [",ENDING BALANCE :,," + q(fnum(bal[-1])), ",TOTAL DEBIT :," + q(fnum(deb)) + ",",
              ",TOTAL CREDIT :," + q(fnum(cre)) + ","]
    write("my_maybank.csv", lines)
    reg("my_maybank.csv", [(t[0], t[1]) for t in tx], "MYR", False, "114012345678",
        "trailing sign amounts '1,200.00-' / '5,680.00+', DD/MM/YY, BEGINNING/ENDING BALANCE and TOTAL DEBIT/CREDIT rows")


def ph_bpi():
    tx = [("2024-06-01", "-1250.00", "POS PURCHASE SM SUPERMARKET"), ("2024-06-04", "-3500.00", "BILLS PAYMENT MERALCO"),
          ("2024-06-15", "32500.00", "PAYROLL CREDIT ACME PHILS INC"), ("2024-06-18", "-10000.00", "INSTAPAY TRANSFER TO GCASH"),
          ("2024-06-18", "-15.00", "INSTAPAY FEE"), ("2024-06-27", "-849.75", "POS PURCHASE MERCURY DRUG")]
    bal = running("8240.60", tx)
    rows = list(zip(tx, bal))[::-1]
    lines = ["Transaction Date,Description,Reference Number,Debit,Credit,Running Balance"]
    for i, ((ds, a, t), b) in enumerate(rows):
        a = D(a)
        lines.append(",".join([q(d(ds).strftime("%b %d, %Y")), t, str(880210 + i), q(fnum(a)) if a < 0 else "",
                               q(fnum(a)) if a > 0 else "", q(fnum(b))]))
    write("ph_bpi.csv", lines)
    reg("ph_bpi.csv", [(r[0][0], r[0][1]) for r in rows], "PHP", False, "",
        "'Jun 27, 2024' month-name dates in quotes, Debit/Credit, Running Balance, newest first")


def tw_cathay():
    # (trade date, posting date, amount, desc)
    tx = [("2024-03-01", "2024-03-01", "-1250", "ATM提款"), ("2024-03-02", "2024-03-04", "-389", "全聯福利中心 刷卡"),
          ("2024-03-05", "2024-03-05", "52000", "薪資轉入 ACME"), ("2024-03-09", "2024-03-11", "-2680", "台灣電力公司 代繳"),
          ("2024-03-15", "2024-03-15", "-15000", "網銀轉出 房租"), ("2024-03-20", "2024-03-20", "-15", "跨行轉帳手續費")]
    bal = running("18345", tx, 2)
    lines = ["帳號：012035123456", "幣別：新臺幣", "查詢期間：2024/03/01~2024/03/31", "",
             "交易日期,帳務日期,說明,提出,存入,餘額,備註"]
    for (td, pd, a, t), b in zip(tx, bal):
        a = D(a)
        lines.append(",".join([d(td).strftime("%Y/%m/%d"), d(pd).strftime("%Y/%m/%d"), t, q(fnum(a, dec=0)) if a < 0 else "",
                               q(fnum(a, dec=0)) if a > 0 else "", q(fnum(b, dec=0)), ""]))
    write("tw_cathay.csv", lines, enc="big5")
    reg("tw_cathay.csv", [(t[1], t[2]) for t in tx], "TWD", True, "012035123456",
        "Big5, preamble (帳號, 幣別 新臺幣), 交易日期 and 帳務日期 (posting), 提出/存入/餘額 whole dollars with thousands")


def hk_hangseng():
    tx = [("2024-04-02", "-86.50", "OCTOPUS AAVS"), ("2024-04-08", "-12500.00", "FPS TO CHAN TAI MAN RENT"),
          ("2024-04-13", "-435.20", "PARKNSHOP TAIKOO"), ("2024-04-26", "38600.00", "PAYROLL ACME HK LTD"),
          ("2024-04-29", "-1500.00", "HK ELECTRIC AUTOPAY"), ("2024-04-30", "-45.00", "SERVICE CHARGE")]
    bal = running("9612.75", tx)
    lines = ["Account Number: 123-456789-001", "Currency: HKD", "", "Transaction Date,Transaction Details,Deposit,Withdrawal,Balance"]
    for (ds, a, t), b in zip(tx, bal):
        a = D(a)
        lines.append(",".join([d(ds).strftime("%d/%m/%Y"), t, q(fnum(a)) if a > 0 else "", q(fnum(a)) if a < 0 else "", q(fnum(b))]))
    write("hk_hangseng.csv", lines)
    reg("hk_hangseng.csv", [(t[0], t[1]) for t in tx], "HKD", True, "123-456789-001",
        "Deposit column BEFORE Withdrawal, DD/MM/YYYY, preamble Account Number and Currency HKD")


def nz_asb():
    tx = [("2024-03-01", "EFTPOS", "COUNTDOWN PONSONBY", "4835-****-****-1234 Df", "-85.40"),
          ("2024-03-04", "AP", "RENT J SMITH", "Automatic payment", "-650.00"),
          ("2024-03-06", "D/C", "ACME LIMITED", "SALARY", "4210.55"),
          ("2024-03-11", "DEBIT", "VECTOR LTD", "Direct debit 123456", "-189.23"),
          ("2024-03-19", "EFTPOS", "Z ENERGY NEWMARKET", "4835-****-****-1234 Df", "-92.10"),
          ("2024-03-31", "FEE", "MONTHLY A/C FEE", "", "-5.00")]
    lines = ["Created date / time : 04 April 2024 / 10:22:11", "Bank 12; Branch 3456; Account 0123456-50 (Streamline)",
             "From date 20240301", "To date 20240331", "Avail Bal : 5422.19 as of 20240404",
             "Ledger Balance : 5422.19 as of 20240404", "Date,Unique Id,Tran Type,Cheque Number,Payee,Memo,Amount", ""]
    for i, (ds, typ, payee, memo, a) in enumerate(tx, 1):
        lines.append(",".join([d(ds).strftime("%Y/%m/%d"), f"2024{ds[5:7]}{ds[8:10]}{i}", typ, "", q(payee), q(memo), a]))
    write("nz_asb.csv", lines)
    reg("nz_asb.csv", [(t[0], t[4]) for t in tx], "NZD", False, "0123456-50",
        "ASB: six-line preamble (Bank/Branch/Account, From/To YYYYMMDD, balances), blank line after the header, YYYY/MM/DD")


# ---------------------------------------------------------------- card issuers US/UK/DE and FR bank

def us_applecard():
    # (transaction, clearing, desc, type, printed amount)
    tx = [("2024-05-01", "2024-05-02", "UBER *EATS", "Food and Drink", "Purchase", "24.81"),
          ("2024-05-03", "2024-05-04", "WHOLE FOODS MARKET", "Grocery", "Purchase", "1,086.42"),
          ("2024-05-05", "2024-05-05", "DAILY CASH ADJUSTMENT", "Other", "Credit", "-2.15"),
          ("2024-05-08", "2024-05-09", "APPLE.COM/BILL", "Other", "Purchase", "9.99"),
          ("2024-05-10", "2024-05-10", "ACH DEPOSIT INTERNET TRANSFER", "Payment", "Payment", "-500.00"),
          ("2024-05-12", "2024-05-14", "SHELL OIL 57444", "Gas", "Purchase", "48.20")]
    lines = ["Transaction Date,Clearing Date,Description,Merchant,Category,Type,Amount (USD),Purchased By"]
    for td, cd, t, cat, typ, amt in tx:
        lines.append(",".join([d(td).strftime("%m/%d/%Y"), d(cd).strftime("%m/%d/%Y"), q(t), q(t.title()), cat, typ,
                               q(amt) if "," in amt else amt, "Jane Doe"]))
    write("us_applecard.csv", lines)
    reg("us_applecard.csv", [(t[1], -D(t[5].replace(",", ""))) for t in tx], "USD", True, "",
        "card: charges positive, payment and Daily Cash credit negative, Transaction and Clearing Date (posting), 'Amount (USD)'")


def uk_amex():
    tx = [("2024-03-02", "TESCO STORES 2345 LONDON", "23.45", "TESCO STORES\nLONDON"),
          ("2024-03-05", "TFL TRAVEL CH TFL.GOV.UK/CP", "7.80", "TFL TRAVEL CHARGE"),
          ("2024-03-13", "PAYMENT RECEIVED - THANK YOU", "-1,000.00", ""),
          ("2024-03-15", "BRITISH AIRWAYS 1252345678901", "1,248.60", "BRITISH AIRWAYS\nLHR-JFK"),
          ("2024-03-22", "AMAZON.CO.UK*AB12CD34E", "-35.99", "REFUND"),
          ("2024-03-27", "PRET A MANGER KINGS CROSS", "11.25", "PRET A MANGER")]
    lines = ["Date,Description,Amount,Extended Details,Appears On Your Statement As,Address,Town/City,Postcode,Country,Reference,Category"]
    for i, (ds, t, amt, ext) in enumerate(tx):
        lines.append(",".join([d(ds).strftime("%d/%m/%Y"), q(t), q(amt), q(ext), q(t), q(""), q("LONDON"), q("EC1A 1AA"),
                               q("UNITED KINGDOM"), q(f"'AT2406{i:05d}'"), q("General Purchases")]))
    write("uk_amex.csv", lines)
    reg("uk_amex.csv", [(t[0], -D(t[2].replace(",", ""))) for t in tx], "GBP", False, "",
        "card: charges positive, payment and refund negative, DD/MM/YYYY, multi-line quoted Extended Details, apostrophe-quoted Reference")


def de_barclaycard():
    # (belegdatum, buchungsdatum, betrag, desc, status)
    tx = [("2024-04-02", "2024-04-03", "-23.90", "REWE Markt GmbH", "Umsatz gebucht"),
          ("2024-04-05", "2024-04-08", "-1249.00", "MEDIAMARKT BERLIN", "Umsatz gebucht"),
          ("2024-04-11", "2024-04-11", "500.00", "Gutschrift Überweisung", "Umsatz gebucht"),
          ("2024-04-14", "2024-04-15", "-64.35", "DB Vertrieb GmbH", "Umsatz gebucht"),
          ("2024-04-20", "2024-04-22", "-9.99", "NETFLIX.COM", "Umsatz gebucht"),
          ("2024-04-28", "", "-42.00", "ARAL Tankstelle", "Umsatz vorgemerkt")]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Umsätze"
    ws.append(["Barclays Visa"])
    ws.append(["Umsätze vom 01.04.2024 bis 30.04.2024"])
    ws.append([])
    ws.append(["Referenznummer", "Belegdatum", "Buchungsdatum", "Betrag", "Beschreibung", "Typ", "Status",
               "Kartennummer", "Originalbetrag", "Land", "Name des Karteninhabers"])
    for i, (bd, pd, a, t, st) in enumerate(tx):
        amt = ("-" if D(a) < 0 else "") + fnum(a, ".", ",") + " €"
        ws.append([f"0{7412345678901 + i}", d(bd).strftime("%d.%m.%Y"), d(pd).strftime("%d.%m.%Y") if pd else "",
                   amt, t, "Gutschrift" if D(a) > 0 else "Belastung", st, "4567XXXXXXXX1234", amt, "Deutschland",
                   "MAX MUSTERMANN"])
    wb.save(OUT / "de_barclaycard.xlsx")
    reg("de_barclaycard.xlsx", [(t[1], t[2]) for t in tx if t[1]], "EUR", True, "",
        "card XLSX: text cells '-1.249,00 €', Belegdatum and Buchungsdatum (posting), a 'Umsatz vorgemerkt' pending row with no Buchungsdatum")


def fr_societegenerale():
    acct = "00050123456"
    tx = [("2024-04-02", "-12.50", "CARTE X1234 01/04 MONOP PARIS", "CARTE X1234 01/04 MONOP PARIS 75"),
          ("2024-04-04", "-750.00", "PRLV SEPA LOYER SCI DUPONT", "PRLV SEPA SCI DUPONT ECH/040424 ID EMETTEUR/FR12ZZZ123456"),
          ("2024-04-10", "-45.99", "PRLV SEPA FREE MOBILE", "PRLV SEPA FREE MOBILE REF 123456"),
          ("2024-04-26", "2345.67", "VIR RECU ACME SAS SALAIRE", "VIR RECU 1234567890 DE: ACME SAS MOTIF: SALAIRE AVRIL"),
          ("2024-04-29", "-1200.00", "VIR PERM VERS LIVRET A", "VIR PERM POUR: M DUPONT LIVRET A"),
          ("2024-04-30", "-8.30", "COTISATION JAZZ", "COTISATION MENSUELLE CARTE JAZZ")]
    bal = running("1104.36", tx)
    rows = tx[::-1]
    lines = [f'="{acct}";Compte Bancaire;;', f"Solde au 30/04/2024;{fnum(bal[-1], chr(160), ',')} €;;",
             "Date de l'opération;Libellé;Détail de l'écriture;Montant de l'opération;Devise"]
    for ds, a, t, det in rows:
        lines.append(";".join([d(ds).strftime("%d/%m/%Y"), t, det, sfnum(a, "", ","), "EUR"]))
    write("fr_societegenerale.csv", lines, enc="cp1252")
    reg("fr_societegenerale.csv", [(t[0], t[1]) for t in rows], "EUR", True, acct,
        "cp1252, first line '=\"00050123456\"' spreadsheet formula, 'Solde au' line with NBSP and €, newest first, Devise column")


WRITERS = [mx_bbva, mx_banamex_card, ar_galicia, cl_bancoestado, co_bancolombia, za_fnb, za_capitec, ng_gtbank,
           ke_mpesa, tr_garanti, tr_isbank, il_hapoalim, ae_enbd, sa_alrajhi, eg_cib, gr_piraeus, ro_bt, bg_dsk,
           hr_zaba, si_nlb, sk_tatra, ee_swedbank, lt_seb, ie_aib, ie_boi, be_kbc, lu_bcee, is_landsbankinn,
           th_kbank, vn_vietcombank, id_bca, my_maybank, ph_bpi, tw_cathay, hk_hangseng, nz_asb, us_applecard,
           uk_amex, de_barclaycard, fr_societegenerale]


def main():
    for w in WRITERS:
        w()
    EXP.sort(key=lambda e: e["file"])
    with (OUT / "EXPECTED.tsv").open("w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(COLS) + "\n")
        for e in EXP:
            fh.write("\t".join(str(e[c]) for c in COLS) + "\n")
    print(f"{len(EXP)} files")


if __name__ == "__main__":
    main()
