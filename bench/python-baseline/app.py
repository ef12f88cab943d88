"""A minimal FastAPI + SQLAlchemy baseline for `npm run bench` (product.md section 9).

It serves the two benchmarked StockBook endpoints over the very tables the Node service created
and seeded (it never writes and runs no migrations):

  GET /api/v1/stocks?page&size   one household's stocks, ordered by symbol then id, LIMIT/OFFSET,
                                 plus a COUNT(*) of the same filter; the {items,total,page,size,pages}
                                 page shape with the same item fields
  GET /api/v1/stocks/{id}        one stock of the caller's household, 404 otherwise
  GET /health                    SELECT 1 (used by the bench as the readiness probe)

Authentication does what the Node service does for a bearer token: HMAC-SHA256 of the token keyed by
SECRET_KEY (base64url), looked up in `sessions` joined to `users` for the household, the answer cached
in-process for up to 60 s (the Node service caches it in Redis when REDIS_URL is set, in-process
otherwise). Not done: cookies, roles, rate limits, request ids and JSON logging, the error envelope
(FastAPI's own 401/404/422 bodies), sort/search/sector/grade filters, and writes.

Standard FastAPI + SQLAlchemy style: synchronous path functions (run in FastAPI's thread pool), the
SQLAlchemy ORM with a Session per request, psycopg2, Pydantic response models.
Run: python3 -m uvicorn app:app --app-dir bench/python-baseline --workers 1
Env: DATABASE_URL (postgres://...), SECRET_KEY (the Node service's), DB_POOL_SIZE (default 10).
"""

import base64
import datetime
import hashlib
import hmac
import math
import os
import threading
import time
import uuid
from typing import Dict, List, Optional, Tuple

from fastapi import Depends, FastAPI, Header, HTTPException, Query
from pydantic import BaseModel
from sqlalchemy import Column, DateTime, Text, create_engine, func, select, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Session, declarative_base, sessionmaker

DATABASE_URL = os.environ["DATABASE_URL"].replace("postgres://", "postgresql+psycopg2://", 1)
SECRET_KEY = os.environ["SECRET_KEY"].encode()
SESSION_CACHE_SECONDS = 60

engine = create_engine(
    DATABASE_URL,
    pool_size=int(os.environ.get("DB_POOL_SIZE", "10")),
    max_overflow=0,
    future=True,
)
SessionLocal = sessionmaker(bind=engine, autoflush=False, future=True)
Base = declarative_base()


class Stock(Base):
    __tablename__ = "stocks"
    id = Column(UUID(as_uuid=False), primary_key=True)
    household_id = Column(UUID(as_uuid=False), nullable=False)
    symbol = Column(Text, nullable=False)
    company_name = Column(Text)
    sector = Column(Text)
    industry_group = Column(Text)
    grade = Column(Text)
    notes = Column(Text, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False)
    updated_at = Column(DateTime(timezone=True), nullable=False)


class StockView(BaseModel):
    id: str
    symbol: str
    company_name: Optional[str]
    sector: Optional[str]
    industry_group: Optional[str]
    grade: Optional[str]
    notes: str
    created_at: str
    updated_at: str


class StockPage(BaseModel):
    items: List[StockView]
    total: int
    page: int
    size: int
    pages: int


def iso(value: datetime.datetime) -> str:
    """Like JavaScript's toISOString(): UTC with milliseconds and a Z."""
    utc = value.astimezone(datetime.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def view(stock: Stock) -> dict:
    return {
        "id": stock.id,
        "symbol": stock.symbol,
        "company_name": stock.company_name,
        "sector": stock.sector,
        "industry_group": stock.industry_group,
        "grade": stock.grade,
        "notes": stock.notes,
        "created_at": iso(stock.created_at),
        "updated_at": iso(stock.updated_at),
    }


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


_sessions: Dict[str, Tuple[str, float]] = {}
_sessions_lock = threading.Lock()


def household_of(authorization: Optional[str] = Header(None), db: Session = Depends(get_db)) -> str:
    if authorization is None or not authorization.lower().startswith("bearer "):
        raise HTTPException(status_code=401, detail="Authentication required")
    token = authorization[7:].strip()
    digest = base64.urlsafe_b64encode(hmac.new(SECRET_KEY, token.encode(), hashlib.sha256).digest())
    token_hash = digest.rstrip(b"=").decode()
    now = time.time()
    with _sessions_lock:
        cached = _sessions.get(token_hash)
    if cached is not None and cached[1] > now:
        return cached[0]
    row = db.execute(
        text(
            "SELECT u.household_id, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id"
            " WHERE s.token_hash = :token_hash AND s.expires_at > now()"
        ),
        {"token_hash": token_hash},
    ).first()
    if row is None:
        raise HTTPException(status_code=401, detail="The session is invalid or has expired")
    household_id = str(row.household_id)
    with _sessions_lock:
        _sessions[token_hash] = (household_id, min(now + SESSION_CACHE_SECONDS, row.expires_at.timestamp()))
    return household_id


app = FastAPI(title="StockBook Python baseline", docs_url=None, redoc_url=None, openapi_url=None)


@app.get("/health")
def health(db: Session = Depends(get_db)) -> dict:
    db.execute(text("SELECT 1"))
    return {"status": "ok"}


@app.get("/api/v1/stocks", response_model=StockPage)
def list_stocks(
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=100),
    household_id: str = Depends(household_of),
    db: Session = Depends(get_db),
) -> dict:
    rows = (
        db.execute(
            select(Stock)
            .where(Stock.household_id == household_id)
            .order_by(Stock.symbol.asc(), Stock.id)
            .limit(size)
            .offset((page - 1) * size)
        )
        .scalars()
        .all()
    )
    total = db.execute(select(func.count()).select_from(Stock).where(Stock.household_id == household_id)).scalar_one()
    return {
        "items": [view(row) for row in rows],
        "total": total,
        "page": page,
        "size": size,
        "pages": math.ceil(total / size),
    }


@app.get("/api/v1/stocks/{stock_id}", response_model=StockView)
def get_stock(stock_id: uuid.UUID, household_id: str = Depends(household_of), db: Session = Depends(get_db)) -> dict:
    row = db.execute(
        select(Stock).where(Stock.household_id == household_id, Stock.id == str(stock_id))
    ).scalar_one_or_none()
    if row is None:
        raise HTTPException(status_code=404, detail="Stock not found")
    return view(row)
