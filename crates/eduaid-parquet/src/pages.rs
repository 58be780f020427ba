//! The column chunks of the dictionary-encoded string columns, written page
//! by page: the writer already numbers every code (by its interned address,
//! see `write.rs`), so a chunk needs no hashing of text. The `parquet`
//! crate's Arrow writer would intern every row's value again, even when
//! given a dictionary array whose keys number the values.
//!
//! A chunk is laid out as the crate lays out its own dictionary columns:
//! one dictionary page (`PLAIN`: a 4-byte little-endian length and the bytes
//! of each value, the values this row group uses, numbered densely in order
//! of first use), then version 1 data pages of
//! [`WriterProperties::data_page_row_count_limit`] rows, their values
//! `RLE_DICTIONARY` (a byte giving the bit width, then the RLE/bit-packed
//! hybrid of the numbers) after the definition levels of a nullable column
//! (the hybrid at bit width 1, after its 4-byte length). Uncompressed, no
//! statistics, an offset index of the data pages.
//!
//! The `value` column is written here too ([`DecimalChunk`]), as the crate
//! writes it but without making a reference-counted byte array of every
//! value first.

use std::io::Write as _;
use std::sync::Arc;

use bytes::Bytes;
use parquet::basic::{Compression, Encoding, PageType};
use parquet::column::page::{CompressedPage, Page, PageWriter};
use parquet::column::writer::ColumnCloseResult;
use parquet::data_type::FixedLenByteArray;
use parquet::errors::ParquetError;
use parquet::file::metadata::{ColumnChunkMetaData, OffsetIndexBuilder, PageEncodingStats};
use parquet::file::properties::WriterProperties;
use parquet::file::statistics::{Statistics, ValueStatistics};
use parquet::file::writer::{SerializedPageWriter, TrackedWrite};
use parquet::schema::types::ColumnDescPtr;

/// A size or count as Parquet's metadata holds it.
fn wide(n: usize) -> i64 {
    i64::try_from(n).expect("under 2^63")
}

/// A null: no value, definition level 0.
pub(crate) const NULL: u32 = u32::MAX;

/// Bits needed to write the numbers `0..=max`: 0 for a single value.
pub(crate) fn bit_width(max: u32) -> u8 {
    (32 - max.leading_zeros()) as u8
}

/// Appends `values` as Parquet's RLE/bit-packed hybrid at `bit_width`
/// (every value must fit): values in groups of 8, a group of 8 equal values
/// starting an RLE run as long as the value repeats, the other groups
/// bit-packed, the last padded with zeros (a reader knows how many values
/// there are from the page header).
pub(crate) fn hybrid(values: &[u32], bit_width: u8, out: &mut Vec<u8>) {
    // values[literal..i] wait to be bit-packed: whole groups of 8.
    let mut literal = 0;
    let mut i = 0;
    while i + 8 <= values.len() {
        let v = values[i];
        if values[i + 1..i + 8].iter().all(|&x| x == v) {
            let end = i + 8 + values[i + 8..].iter().take_while(|&&x| x == v).count();
            if i > literal {
                bit_packed(&values[literal..i], bit_width, out);
            }
            rle(v, end - i, bit_width, out);
            i = end;
            literal = end;
        } else {
            i += 8;
        }
    }
    if literal < values.len() {
        bit_packed(&values[literal..], bit_width, out);
    }
}

/// ULEB-128, the hybrid's run headers.
fn varint(mut n: u64, out: &mut Vec<u8>) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// An RLE run: `count` times `value`, the value in whole bytes.
fn rle(value: u32, count: usize, bit_width: u8, out: &mut Vec<u8>) {
    varint((count as u64) << 1, out);
    out.extend_from_slice(&value.to_le_bytes()[..usize::from(bit_width).div_ceil(8)]);
}

/// A bit-packed run of `values`, padded with zeros to groups of 8.
fn bit_packed(values: &[u32], bit_width: u8, out: &mut Vec<u8>) {
    let groups = values.len().div_ceil(8);
    varint(((groups as u64) << 1) | 1, out);
    out.reserve(groups * usize::from(bit_width));
    let mut chunks = values.chunks_exact(8);
    for group in &mut chunks {
        pack8(group.try_into().expect("8 values"), bit_width, out);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut last = [0; 8];
        last[..rest.len()].copy_from_slice(rest);
        pack8(&last, bit_width, out);
    }
}

/// Eight values in `bit_width` bytes: each value's bits from the lowest,
/// filling each byte from its lowest bit.
fn pack8(values: &[u32; 8], bit_width: u8, out: &mut Vec<u8>) {
    let width = usize::from(bit_width);
    if width <= 8 {
        let mut acc = 0u64;
        for (k, &v) in values.iter().enumerate() {
            acc |= u64::from(v) << (k * width);
        }
        out.extend_from_slice(&acc.to_le_bytes()[..width]);
    } else if width <= 16 {
        let mut acc = 0u128;
        for (k, &v) in values.iter().enumerate() {
            acc |= u128::from(v) << (k * width);
        }
        out.extend_from_slice(&acc.to_le_bytes()[..width]);
    } else {
        let mut acc = 0u64;
        let mut bits = 0;
        for &v in values {
            acc |= u64::from(v) << bits;
            bits += width;
            while bits >= 8 {
                out.push(acc as u8);
                acc >>= 8;
                bits -= 8;
            }
        }
    }
}

/// The number in the row group's dictionary of the value numbered `global`
/// by the writer (given the next number when new; [`NULL`] stays null).
fn number(local: &mut Vec<u32>, used: &mut Vec<u32>, global: u32) -> u32 {
    if global == NULL {
        return NULL;
    }
    let i = global as usize;
    if i >= local.len() {
        local.resize(i + 1, NULL);
    }
    let slot = &mut local[i];
    if *slot == NULL {
        *slot = u32::try_from(used.len()).expect("fewer than 2^32 values");
        used.push(global);
    }
    *slot
}

/// The data pages of a column chunk being written (headers and bodies),
/// and what the chunk's metadata and offset index need of them.
struct Pages {
    sink: TrackedWrite<Vec<u8>>,
    /// Per data page: offset in `sink`, bytes, rows.
    locations: Vec<(u64, usize, usize)>,
    rows: usize,
    /// Bytes of the data pages once uncompressed (headers included).
    uncompressed: usize,
}

impl Pages {
    fn new() -> Pages {
        Pages {
            sink: TrackedWrite::new(Vec::new()),
            locations: Vec::new(),
            rows: 0,
            uncompressed: 0,
        }
    }

    fn bytes(&self) -> usize {
        self.sink.bytes_written()
    }

    /// Writes a version 1 data page of `rows` rows: `body` (compressed
    /// from `uncompressed` bytes, or not), its values in `encoding`.
    fn write(
        &mut self,
        body: Vec<u8>,
        uncompressed: usize,
        rows: usize,
        encoding: Encoding,
    ) -> Result<(), ParquetError> {
        let page = Page::DataPage {
            buf: Bytes::from(body),
            num_values: u32::try_from(rows).expect("a page under 2^32 rows"),
            encoding,
            def_level_encoding: Encoding::RLE,
            rep_level_encoding: Encoding::RLE,
            statistics: None,
        };
        let spec = SerializedPageWriter::new(&mut self.sink)
            .write_page(CompressedPage::new(page, uncompressed))?;
        self.locations
            .push((spec.offset, spec.compressed_size, rows));
        self.uncompressed += spec.uncompressed_size;
        self.rows += rows;
        Ok(())
    }

    /// Ends the chunk of column `descr`: its bytes (the dictionary page, if
    /// any, first; offsets from 0) and what
    /// [`parquet::file::writer::SerializedRowGroupWriter::append_column`]
    /// needs. The pages are left empty for the next row group.
    fn finish(
        &mut self,
        descr: &ColumnDescPtr,
        dictionary: Option<(Vec<u8>, usize)>,
        compression: Compression,
        encoding: Encoding,
        statistics: Option<Statistics>,
    ) -> Result<(Bytes, ColumnCloseResult), ParquetError> {
        let mut chunk = TrackedWrite::new(Vec::with_capacity(self.bytes() + 1024));
        let mut stats = Vec::with_capacity(2);
        let mut dictionary_size = 0;
        if let Some((buf, values)) = dictionary {
            let size = buf.len();
            let page = Page::DictionaryPage {
                buf: Bytes::from(buf),
                num_values: u32::try_from(values).expect("fewer than 2^32 values"),
                encoding: Encoding::PLAIN,
                is_sorted: false,
            };
            let spec = SerializedPageWriter::new(&mut chunk)
                .write_page(CompressedPage::new(page, size))?;
            dictionary_size = spec.compressed_size;
            self.uncompressed += spec.uncompressed_size;
            stats.push(PageEncodingStats {
                page_type: PageType::DICTIONARY_PAGE,
                encoding: Encoding::PLAIN,
                count: 1,
            });
        }
        stats.push(PageEncodingStats {
            page_type: PageType::DATA_PAGE,
            encoding,
            count: i32::try_from(self.locations.len()).expect("fewer than 2^31 pages"),
        });
        let pages =
            std::mem::replace(&mut self.sink, TrackedWrite::new(Vec::new())).into_inner()?;
        chunk.write_all(&pages)?;
        let total = chunk.bytes_written();
        let bytes = Bytes::from(chunk.into_inner()?);

        let mut index = OffsetIndexBuilder::new();
        for &(offset, size, rows) in &self.locations {
            index.append_offset_and_size(
                wide(offset as usize + dictionary_size),
                i32::try_from(size).expect("a page under 2 GB"),
            );
            index.append_row_count(wide(rows));
        }
        let mut encodings = vec![Encoding::PLAIN, Encoding::RLE];
        if encoding != Encoding::PLAIN {
            encodings.push(encoding);
        }
        let mut metadata = ColumnChunkMetaData::builder(Arc::clone(descr))
            .set_compression(compression)
            .set_encodings(encodings)
            .set_page_encoding_stats(stats)
            .set_total_compressed_size(wide(total))
            .set_total_uncompressed_size(wide(self.uncompressed))
            .set_num_values(wide(self.rows))
            .set_dictionary_page_offset((dictionary_size > 0).then_some(0))
            .set_data_page_offset(wide(dictionary_size));
        if let Some(s) = statistics {
            metadata = metadata.set_statistics(s);
        }
        let close = ColumnCloseResult {
            bytes_written: total as u64,
            rows_written: self.rows as u64,
            metadata: metadata.build()?,
            bloom_filter: None,
            column_index: None,
            offset_index: Some(index.build()),
        };
        self.locations.clear();
        self.rows = 0;
        self.uncompressed = 0;
        Ok((bytes, close))
    }
}

/// One dictionary column's chunk of the row group being written, fed the
/// writer's numbers for its codes ("global" numbers, dense per column but
/// shared by all row groups), and its data pages written as they fill:
/// uncompressed, no statistics.
pub(crate) struct DictChunk {
    descr: ColumnDescPtr,
    nullable: bool,
    page_rows: usize,
    /// The number in this row group's dictionary of each global number
    /// ([`NULL`]: not used yet).
    local: Vec<u32>,
    /// The global number of each dictionary entry.
    used: Vec<u32>,
    /// The current page's numbers (local, or [`NULL`]).
    page: Vec<u32>,
    pages: Pages,
    /// Scratch: a page's levels and values, and the levels' encoding.
    levels: Vec<u32>,
    scratch: Vec<u32>,
    encoded: Vec<u8>,
}

impl DictChunk {
    /// A chunk of the column `descr`, pages as `props` sizes them.
    pub(crate) fn new(descr: ColumnDescPtr, props: &WriterProperties) -> DictChunk {
        DictChunk {
            nullable: descr.max_def_level() > 0,
            descr,
            page_rows: props.data_page_row_count_limit().max(1),
            local: Vec::new(),
            used: Vec::new(),
            page: Vec::with_capacity(props.data_page_row_count_limit().clamp(1, 1 << 20)),
            pages: Pages::new(),
            levels: Vec::new(),
            scratch: Vec::new(),
            encoded: Vec::new(),
        }
    }

    /// Adds rows: the global number of each row's value, or [`NULL`] (only
    /// in a nullable column).
    pub(crate) fn push(
        &mut self,
        globals: impl IntoIterator<Item = u32>,
    ) -> Result<(), ParquetError> {
        let mut globals = globals.into_iter();
        loop {
            let room = self.page_rows - self.page.len();
            let before = self.page.len();
            let (local, used) = (&mut self.local, &mut self.used);
            self.page
                .extend(globals.by_ref().take(room).map(|g| number(local, used, g)));
            let added = self.page.len() - before;
            if self.page.len() == self.page_rows {
                self.flush_page()?;
            }
            if added < room {
                return Ok(());
            }
        }
    }

    /// Bytes held: the pages written and the current page's numbers.
    pub(crate) fn buffered_bytes(&self) -> usize {
        self.pages.bytes() + self.page.len() * 4
    }

    /// Writes the current page (if it has rows).
    fn flush_page(&mut self) -> Result<(), ParquetError> {
        let rows = self.page.len();
        if rows == 0 {
            return Ok(());
        }
        debug_assert!(
            self.nullable || !self.page.contains(&NULL),
            "a null in a required column"
        );
        let mut body = Vec::with_capacity(rows / 2 + 16);
        if self.nullable {
            // The definition levels (1: a value), then the values alone.
            self.levels.clear();
            self.scratch.clear();
            for &k in &self.page {
                self.levels.push(u32::from(k != NULL));
                if k != NULL {
                    self.scratch.push(k);
                }
            }
            self.encoded.clear();
            hybrid(&self.levels, 1, &mut self.encoded);
            let len = u32::try_from(self.encoded.len()).expect("a page under 4 GB");
            body.extend_from_slice(&len.to_le_bytes());
            body.extend_from_slice(&self.encoded);
        }
        let width = bit_width(u32::try_from(self.used.len().saturating_sub(1)).unwrap_or(0));
        body.push(width);
        hybrid(
            if self.nullable {
                &self.scratch
            } else {
                &self.page
            },
            width,
            &mut body,
        );
        let size = body.len();
        self.pages
            .write(body, size, rows, Encoding::RLE_DICTIONARY)?;
        self.page.clear();
        Ok(())
    }

    /// Ends the row group's chunk (see [`Pages::finish`]); `texts` are the
    /// values by global number.
    pub(crate) fn close(
        &mut self,
        texts: &[&str],
    ) -> Result<(Bytes, ColumnCloseResult), ParquetError> {
        self.flush_page()?;
        let mut dict = Vec::new();
        for &g in &self.used {
            let t = texts[g as usize].as_bytes();
            let len = u32::try_from(t.len()).expect("a code under 4 GB");
            dict.extend_from_slice(&len.to_le_bytes());
            dict.extend_from_slice(t);
            self.local[g as usize] = NULL;
        }
        let values = self.used.len();
        self.used.clear();
        self.pages.finish(
            &self.descr,
            Some((dict, values)),
            Compression::UNCOMPRESSED,
            Encoding::RLE_DICTIONARY,
            None,
        )
    }
}

/// The chunk of a required `Decimal128(38, 2)` column (`FIXED_LEN_BYTE_ARRAY`
/// of 16 bytes, big-endian two's complement) in the row group being written,
/// as the `parquet` crate writes it without a dictionary: `PLAIN` data pages,
/// Snappy-compressed, min and max statistics. The crate's Arrow writer turns
/// every value into a reference-counted byte array of its own first.
pub(crate) struct DecimalChunk {
    descr: ColumnDescPtr,
    page_rows: usize,
    /// The current page's values, encoded.
    page: Vec<u8>,
    rows: usize,
    /// The least and greatest value of the chunk (`None` while empty).
    range: Option<(i128, i128)>,
    pages: Pages,
    snappy: snap::raw::Encoder,
}

/// Bytes of a `Decimal128(38, 2)` value.
const DECIMAL_BYTES: usize = 16;

impl DecimalChunk {
    /// A chunk of the column `descr`, pages as `props` sizes them.
    pub(crate) fn new(descr: ColumnDescPtr, props: &WriterProperties) -> DecimalChunk {
        debug_assert_eq!(
            usize::try_from(descr.type_length()).ok(),
            Some(DECIMAL_BYTES)
        );
        let page_rows = props.data_page_row_count_limit().clamp(1, 1 << 20);
        DecimalChunk {
            descr,
            page_rows,
            page: Vec::with_capacity(page_rows * DECIMAL_BYTES),
            rows: 0,
            range: None,
            pages: Pages::new(),
            snappy: snap::raw::Encoder::new(),
        }
    }

    /// Adds rows.
    pub(crate) fn push(
        &mut self,
        values: impl IntoIterator<Item = i128>,
    ) -> Result<(), ParquetError> {
        for v in values {
            self.page.extend_from_slice(&v.to_be_bytes());
            self.range = Some(match self.range {
                Some((min, max)) => (min.min(v), max.max(v)),
                None => (v, v),
            });
            self.rows += 1;
            if self.rows == self.page_rows {
                self.flush_page()?;
            }
        }
        Ok(())
    }

    /// Bytes held: the pages written and the current page.
    pub(crate) fn buffered_bytes(&self) -> usize {
        self.pages.bytes() + self.page.len()
    }

    /// Writes the current page (if it has rows), Snappy-compressed.
    fn flush_page(&mut self) -> Result<(), ParquetError> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut body = vec![0; snap::raw::max_compress_len(self.page.len())];
        let n = self
            .snappy
            .compress(&self.page, &mut body)
            .map_err(|e| ParquetError::External(Box::new(e)))?;
        body.truncate(n);
        self.pages
            .write(body, self.page.len(), self.rows, Encoding::PLAIN)?;
        self.page.clear();
        self.rows = 0;
        Ok(())
    }

    /// Ends the row group's chunk (see [`Pages::finish`]).
    pub(crate) fn close(&mut self) -> Result<(Bytes, ColumnCloseResult), ParquetError> {
        self.flush_page()?;
        let bytes = |v: i128| FixedLenByteArray::from(v.to_be_bytes().to_vec());
        let (min, max) = self.range.take().unzip();
        let statistics = ValueStatistics::new(min.map(bytes), max.map(bytes), None, Some(0), false)
            .with_backwards_compatible_min_max(self.descr.sort_order().is_signed());
        self.pages.finish(
            &self.descr,
            None,
            Compression::SNAPPY,
            Encoding::PLAIN,
            Some(Statistics::from(statistics)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    use arrow_array::types::Int32Type;
    use arrow_schema::{DataType, Field, Schema};
    use parquet::arrow::ArrowWriter;
    use parquet::arrow::arrow_reader::{
        ArrowReaderOptions, ParquetRecordBatchReaderBuilder, RowSelection, RowSelector,
    };
    use parquet::file::metadata::PageIndexPolicy;

    fn encoded(values: &[u32], bit_width: u8) -> Vec<u8> {
        let mut out = Vec::new();
        hybrid(values, bit_width, &mut out);
        out
    }

    #[test]
    fn the_hybrid_encodes_as_the_format_spells_it() {
        // The format's own example: 0 to 7 bit-packed at width 3.
        assert_eq!(
            encoded(&[0, 1, 2, 3, 4, 5, 6, 7], 3),
            [0b11, 0b1000_1000, 0b1100_0110, 0b1111_1010]
        );
        // Nine 5s: one RLE run, the value in one byte.
        assert_eq!(encoded(&[5; 9], 3), [18, 5]);
        // Three literals borrow five of the run to make a group; the
        // remaining 8 are a run. A 17-bit value takes 3 bytes.
        let mut v = vec![1, 2, 3];
        v.extend([70_000; 13]);
        let out = encoded(&v, 17);
        assert_eq!(out[0], 0b11); // one group of 8, bit-packed
        assert_eq!(&out[1 + 17..], [16, 0x70, 0x11, 0x01]); // 8 x 70,000
        // Fewer than 8 equal values stay literal, padded to a group.
        assert_eq!(encoded(&[1, 1, 1], 1), [0b11, 0b0000_0111]);
        // A single value at width 0: a group of no bytes.
        assert_eq!(encoded(&[0], 0), [0b11]);
        assert_eq!(bit_width(0), 0);
        assert_eq!(bit_width(1), 1);
        assert_eq!(bit_width(255), 8);
        assert_eq!(bit_width(256), 9);
    }

    /// A file of row groups of one dictionary column (`nullable` or not),
    /// `texts` the values by global number and each group the global
    /// numbers of its rows, with pages of `page_rows` rows.
    fn file(nullable: bool, texts: &[&str], groups: &[Vec<u32>], page_rows: usize) -> Bytes {
        let field = Field::new(
            "code",
            DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
            nullable,
        );
        let schema = Arc::new(Schema::new(vec![field]));
        let props = WriterProperties::builder()
            .set_data_page_row_count_limit(page_rows)
            .build();
        let (mut file, _) = ArrowWriter::try_new(Vec::new(), schema, Some(props.clone()))
            .and_then(ArrowWriter::into_serialized_writer)
            .expect("a writer");
        let mut chunk = DictChunk::new(file.schema_descr().column(0), &props);
        for rows in groups {
            chunk.push(rows.iter().copied()).expect("pages");
            let (bytes, close) = chunk.close(texts).expect("a chunk");
            let mut group = file.next_row_group().expect("a row group");
            group.append_column(&bytes, close).expect("appended");
            group.close().expect("closed");
        }
        Bytes::from(file.into_inner().expect("the file"))
    }

    /// Writes [`file`] and returns each row group as the `parquet` crate's
    /// Arrow reader reads it.
    fn round_trip(
        nullable: bool,
        texts: &[&str],
        groups: &[Vec<u32>],
        page_rows: usize,
    ) -> Vec<arrow_array::DictionaryArray<Int32Type>> {
        let bytes = file(nullable, texts, groups, page_rows);
        (0..groups.len())
            .map(|g| {
                let mut batches = ParquetRecordBatchReaderBuilder::try_new(bytes.clone())
                    .expect("Parquet")
                    .with_row_groups(vec![g])
                    .with_batch_size(1 << 20)
                    .build()
                    .expect("a reader");
                let b = batches.next().expect("a batch").expect("decoded");
                assert!(batches.next().is_none(), "one batch a row group");
                b.column(0).as_dictionary::<Int32Type>().clone()
            })
            .collect()
    }

    /// The offset index locates every data page: a reader that skips
    /// pages by it reads the rows selected.
    #[test]
    fn the_offset_index_locates_the_data_pages() {
        let texts = ["a", "b", "c"];
        let groups = [
            (0..1_000u32)
                .map(|i| [0, 1, NULL, 2][i as usize / 3 % 4])
                .collect::<Vec<_>>(),
            vec![2; 45],
        ];
        let bytes = file(true, &texts, &groups, 100);
        let options = ArrowReaderOptions::new().with_page_index_policy(PageIndexPolicy::Optional);
        let b =
            ParquetRecordBatchReaderBuilder::try_new_with_options(bytes, options).expect("Parquet");
        let meta = b.metadata().clone();
        let index = meta.offset_index().expect("an offset index");
        for (g, rows) in groups.iter().enumerate() {
            let chunk = meta.row_group(g).column(0);
            let pages = index[g][0].page_locations();
            assert_eq!(pages.len(), rows.len().div_ceil(100));
            assert_eq!(pages[0].offset, chunk.data_page_offset());
            for (i, p) in pages.iter().enumerate() {
                assert_eq!(p.first_row_index, wide(100 * i));
                let end = pages.get(i + 1).map_or(
                    chunk.dictionary_page_offset().expect("a dictionary") + chunk.compressed_size(),
                    |next| next.offset,
                );
                assert_eq!(p.offset + i64::from(p.compressed_page_size), end);
            }
        }
        // Rows 550 to 649 of the first group, and 5 of the second: pages
        // skipped by the index.
        let selection = RowSelection::from(vec![
            RowSelector::skip(550),
            RowSelector::select(100),
            RowSelector::skip(390),
            RowSelector::select(5),
        ]);
        let batches: Vec<_> = b
            .with_row_selection(selection)
            .build()
            .expect("a reader")
            .collect::<Result<_, _>>()
            .expect("decoded");
        let got: Vec<Option<String>> = batches
            .iter()
            .flat_map(|b| {
                let a = b.column(0).as_dictionary::<Int32Type>();
                let v = a.values().as_string::<i32>();
                (0..a.len())
                    .map(|i| {
                        a.keys().is_valid(i).then(|| {
                            v.value(usize::try_from(a.keys().value(i)).expect("a key"))
                                .to_string()
                        })
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let expected: Vec<Option<String>> = groups[0][550..650]
            .iter()
            .chain(&groups[1][..5])
            .map(|&g| (g != NULL).then(|| texts[g as usize].to_string()))
            .collect();
        assert_eq!(got, expected);
    }

    /// Writes and reads back `groups` (see [`round_trip`]): every row group
    /// reads as the texts of its rows, its dictionary exactly the texts it
    /// uses in order of first use.
    fn check(nullable: bool, texts: &[&str], groups: &[Vec<u32>], page_rows: usize) {
        let read = round_trip(nullable, texts, groups, page_rows);
        for (rows, array) in groups.iter().zip(&read) {
            let mut seen = vec![false; texts.len()];
            let mut dictionary: Vec<&str> = Vec::new();
            for &g in rows.iter().filter(|&&g| g != NULL) {
                if !std::mem::replace(&mut seen[g as usize], true) {
                    dictionary.push(texts[g as usize]);
                }
            }
            let values = array.values().as_string::<i32>();
            let got: Vec<&str> = values.iter().map(|v| v.expect("a value")).collect();
            assert_eq!(got, dictionary);
            let expected: Vec<Option<&str>> = rows
                .iter()
                .map(|&g| (g != NULL).then(|| texts[g as usize]))
                .collect();
            let keys = array.keys();
            let got: Vec<Option<&str>> = (0..array.len())
                .map(|i| {
                    keys.is_valid(i)
                        .then(|| values.value(usize::try_from(keys.value(i)).expect("a key")))
                })
                .collect();
            assert_eq!(got, expected);
        }
    }

    fn texts(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("code-{i}")).collect()
    }

    #[test]
    fn bit_widths_from_0_to_17_and_runs_of_any_length() {
        for n in [1u32, 2, 3, 5, 17, 256, 257, 70_000] {
            let owned = texts(n as usize);
            let texts: Vec<&str> = owned.iter().map(String::as_str).collect();
            let mut rows = Vec::new();
            for i in 0..n.max(40) {
                let v = (u64::from(i) * 7919 % u64::from(n)) as u32;
                rows.extend(std::iter::repeat_n(
                    v,
                    [1, 3, 7, 8, 9, 13, 1, 2][i as usize % 8],
                ));
            }
            // Pages of 1,000 rows: the bit width grows with the dictionary
            // from page to page.
            check(false, &texts, &[rows.clone()], 1_000);
            check(true, &texts, &[rows], 20_000);
        }
    }

    #[test]
    fn a_single_value() {
        check(false, &["only"], &[vec![0]], 20_000);
        check(true, &["only"], &[vec![0]], 20_000);
        check(true, &["only"], &[vec![NULL]], 20_000);
    }

    #[test]
    fn a_nullable_column_all_null_then_not() {
        let texts = ["a", "b"];
        check(
            true,
            &texts,
            &[vec![NULL; 50], vec![NULL, 1, NULL, 1, 0], vec![NULL; 9]],
            8,
        );
    }

    #[test]
    fn nulls_and_chinese_codes_over_several_pages() {
        let texts = ["阜平县第一小学", "涞源县", "京保-001/二", "x"];
        let rows: Vec<u32> = (0..1_000u32)
            .map(|i| match i % 11 {
                0 | 4 => NULL,
                1..=3 => 0,
                5 => 2,
                _ if i > 500 => 1,
                _ => NULL,
            })
            .collect();
        check(true, &texts, &[rows], 7);
    }

    #[test]
    fn each_row_group_has_the_dictionary_of_its_own_rows() {
        let owned = texts(10);
        let texts: Vec<&str> = owned.iter().map(String::as_str).collect();
        let groups = [
            vec![3, 4, 3, NULL, 3],
            vec![0, 9, 9, NULL],
            vec![4, 0],
            vec![NULL],
            vec![9; 30],
        ];
        check(true, &texts, &groups, 3);
    }
}
