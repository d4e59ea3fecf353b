-- Where the buyer pays: the PSP's hosted page for this order, stored with the PSP's token before
-- the page is shown (Figure 11.4, step 3).
ALTER TABLE payment_order ADD COLUMN psp_hosted_page_url VARCHAR(500);
