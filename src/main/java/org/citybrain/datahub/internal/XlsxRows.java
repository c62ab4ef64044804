package org.citybrain.datahub.internal;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;

/**
 * The first sheet of an Excel workbook (.xlsx, ECMA-376), read as a stream of rows with a StAX pull parser over the
 * sheet's XML, so a sheet of a million rows loads in flat memory (POI's usermodel would hold the whole workbook).
 * The first non-empty row is the header. Values as a person sees them: shared and inline strings, numbers without a
 * spurious ".0", cells formatted as dates as ISO dates or times, booleans as true/false.
 *
 * <p>What a department's spreadsheet may carry that a feed must not: a <em>formula</em> (its cached result may be
 * stale, and the data is what it computes from) refuses its row, naming the cell and the formula; <em>merged
 * cells</em> (which rows does the value belong to?) refuse the file, naming the ranges; an error cell (#DIV/0!) refuses
 * its row. POI's zip guard refuses a package whose parts inflate beyond reason (a zip bomb) before it is read.
 */
final class XlsxRows implements RowReader, WithHeader {

    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        // no DTDs, no external entities: a sheet is data, never a request to fetch something
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    private final Path copy;
    private final OPCPackage pkg;
    private final InputStream sheet;
    private final XMLStreamReader xml;
    private final ReadOnlySharedStringsTable strings;
    private final StylesTable styles;
    private final long size;
    private List<String> header;
    private Map<Integer, String> headerByColumn;
    private boolean ended;

    XlsxRows(InputStream in) throws IOException {
        // The package is a zip: it is read by random access from a file, not held in memory.
        copy = Files.createTempFile("citybrain-xlsx", ".xlsx");
        try (in) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        size = Files.size(copy);
        try {
            pkg = OPCPackage.open(copy.toFile(), PackageAccess.READ);
            XSSFReader reader = new XSSFReader(pkg);
            strings = new ReadOnlySharedStringsTable(pkg);
            styles = reader.getStylesTable();
            List<String> merged = mergedRanges(reader);
            if (!merged.isEmpty()) {
                throw new RefusedDelivery("file", "工作表有合并单元格（" + String.join("、", merged) + "），无法确定数值属于哪一行，请取消合并后再提交 / the sheet has merged cells ("
                        + String.join(", ", merged) + "): which row a value belongs to is unclear; unmerge them and deliver again");
            }
            Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new RefusedDelivery("file", "工作簿中没有工作表 / the workbook has no sheet");
            }
            sheet = sheets.next();
            xml = XML.createXMLStreamReader(sheet);
        } catch (RefusedDelivery e) {
            close();
            throw e;
        } catch (NotOfficeXmlFileException | InvalidFormatException e) {
            close();
            throw new RefusedDelivery("file", "不是 Excel（.xlsx）文件 / not an Excel (.xlsx) file");
        } catch (IOException | org.apache.poi.openxml4j.exceptions.OpenXML4JException | XMLStreamException | org.xml.sax.SAXException | RuntimeException e) {
            close();
            String why = String.valueOf(e.getMessage());
            if (why.contains("Zip bomb") || why.contains("zip bomb")) {
                throw new RefusedDelivery("file", "文件解压后异常膨胀（疑似压缩炸弹），未读取 / the file inflates beyond reason (a zip bomb) and was not read");
            }
            throw new RefusedDelivery("file", "无法读取 Excel 文件 / the Excel file cannot be read: " + why);
        }
    }

    @Override
    public List<String> header() {
        return header == null ? List.of() : header;
    }

    /** Reads up to the header row; the run asks for it before the first row, to check the mapped columns. */
    void readHeader() throws IOException {
        while (header == null) {
            Row r = nextRow();
            if (r == null) {
                throw new RefusedDelivery("file", "工作表为空 / the sheet is empty");
            }
            if (r.cells().values().stream().allMatch(c -> c.text() == null || c.text().isBlank())) {
                continue;
            }
            headerByColumn = new TreeMap<>();
            r.cells().forEach((col, cell) -> {
                if (cell.text() != null && !cell.text().isBlank()) {
                    headerByColumn.put(col, cell.text().strip());
                }
            });
            header = List.copyOf(headerByColumn.values());
        }
    }

    @Override
    public SourceRow next() throws IOException {
        readHeader();
        while (true) {
            Row r = nextRow();
            if (r == null) {
                return null;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            Cell refused = null;
            for (Map.Entry<Integer, String> h : headerByColumn.entrySet()) {
                Cell c = r.cells().get(h.getKey());
                fields.put(h.getValue(), c == null ? null : c.text());
                if (c != null && c.problem() != null && refused == null) {
                    refused = c;
                }
            }
            if (fields.values().stream().allMatch(v -> v == null || v.isBlank())) {
                continue;
            }
            if (refused != null) {
                return SourceRow.unreadable(r.number(), fields, headerByColumn.getOrDefault(refused.column(), "row"), refused.problem());
            }
            return SourceRow.read(r.number(), fields);
        }
    }

    private record Cell(int column, String text, String problem) {
    }

    private record Row(long number, Map<Integer, Cell> cells) {
    }

    /** The next {@code <row>} of the sheet, its cells by column index; null at the end. */
    private Row nextRow() throws IOException {
        if (ended) {
            return null;
        }
        try {
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("row")) {
                    String r = xml.getAttributeValue(null, "r");
                    long number = r == null ? -1 : Long.parseLong(r);
                    Map<Integer, Cell> cells = new TreeMap<>();
                    int nextColumn = 0;
                    while (xml.hasNext()) {
                        int event = xml.next();
                        if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("row")) {
                            break;
                        }
                        if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("c")) {
                            Cell c = cell(nextColumn, number);
                            cells.put(c.column(), c);
                            nextColumn = c.column() + 1;
                        }
                    }
                    return new Row(number, cells);
                }
            }
            ended = true;
            return null;
        } catch (XMLStreamException e) {
            ended = true;
            throw new IOException("the sheet's XML breaks off: " + e.getMessage(), e);
        }
    }

    /** One {@code <c>}: its type, style, formula and value, read to its end tag. */
    private Cell cell(int defaultColumn, long row) throws XMLStreamException {
        String ref = xml.getAttributeValue(null, "r");
        int column = ref == null ? defaultColumn : new CellReference(ref).getCol();
        String type = xml.getAttributeValue(null, "t");
        String style = xml.getAttributeValue(null, "s");
        String formula = null;
        StringBuilder value = new StringBuilder();
        boolean inValue = false;
        boolean hasFormula = false;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "f" -> {
                        hasFormula = true;
                        formula = xml.getElementText();
                    }
                    case "v", "t" -> inValue = true;
                    default -> {
                    }
                }
            } else if (event == XMLStreamConstants.CHARACTERS && inValue) {
                value.append(xml.getText());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (xml.getLocalName().equals("v") || xml.getLocalName().equals("t")) {
                    inValue = false;
                } else if (xml.getLocalName().equals("c")) {
                    break;
                }
            }
        }
        String where = CellReference.convertNumToColString(column) + row;
        if (hasFormula) {
            return new Cell(column, value.toString(), "单元格 " + where + " 是公式（=" + formula + "），请提供数值而非公式 / cell " + where + " holds a formula (="
                    + formula + "): deliver values, not formulas");
        }
        String raw = value.toString();
        if (raw.isEmpty()) {
            return new Cell(column, null, null);
        }
        return switch (type == null ? "n" : type) {
            case "s" -> new Cell(column, strings.getItemAt(Integer.parseInt(raw.strip())).getString(), null);
            case "inlineStr", "str" -> new Cell(column, raw, null);
            case "b" -> new Cell(column, "1".equals(raw.strip()) ? "true" : "false", null);
            case "e" -> new Cell(column, raw, "单元格 " + where + " 是错误值 " + raw + " / cell " + where + " holds the error " + raw);
            default -> new Cell(column, number(raw.strip(), style), null);
        };
    }

    /** A number as a person reads it; in a cell formatted as a date, the ISO date (or date and time) it shows. */
    private String number(String raw, String style) {
        double d;
        try {
            d = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            return raw;
        }
        if (style != null) {
            XSSFCellStyle s = styles.getStyleAt(Integer.parseInt(style));
            if (s != null && DateUtil.isADateFormat(s.getDataFormat(), s.getDataFormatString()) && DateUtil.isValidExcelDate(d)) {
                LocalDateTime t = DateUtil.getLocalDateTime(d);
                return t.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? t.toLocalDate().toString() : t.toString();
            }
        }
        return new BigDecimal(raw).stripTrailingZeros().toPlainString();
    }

    /** The sheet's merged ranges, read in a first pass over its XML (they stand after the rows). */
    private static List<String> mergedRanges(XSSFReader reader) throws IOException, org.apache.poi.openxml4j.exceptions.OpenXML4JException,
            XMLStreamException {
        List<String> ranges = new ArrayList<>();
        Iterator<InputStream> sheets = reader.getSheetsData();
        if (!sheets.hasNext()) {
            return ranges;
        }
        try (InputStream first = sheets.next()) {
            XMLStreamReader x = XML.createXMLStreamReader(first);
            while (x.hasNext() && ranges.size() < 5) {
                if (x.next() == XMLStreamConstants.START_ELEMENT && x.getLocalName().equals("mergeCell")) {
                    ranges.add(x.getAttributeValue(null, "ref"));
                }
            }
            x.close();
        }
        return ranges;
    }

    @Override
    public long bytesRead() {
        // the package is read by random access: progress by rows only, the file's size once it is through
        return ended ? size : 0;
    }

    @Override
    public void close() throws IOException {
        try {
            if (xml != null) {
                xml.close();
            }
        } catch (XMLStreamException e) {
            // closing only
        }
        if (sheet != null) {
            sheet.close();
        }
        if (pkg != null) {
            pkg.revert();
        }
        Files.deleteIfExists(copy);
    }
}
